#include "catalog/import.h"

namespace motcua::catalog {

domain::Procedure MergeDecisionRow(const domain::Procedure& stored, const domain::Procedure& row) {
  domain::Procedure p = stored;
  p.name = row.name;
  if (!row.field.empty()) p.field = row.field;
  if (row.levels != 0) p.levels = row.levels;
  p.status = row.status;
  p.effective_from = row.effective_from ? row.effective_from : stored.effective_from;
  p.effective_until = row.effective_until;
  p.replaced_by = row.replaced_by;
  if (!row.decision.empty()) p.decision = row.decision;
  if (!row.legal_basis_text.empty() && stored.legal_docs.empty())
    p.legal_basis_text = row.legal_basis_text;
  // The decision's time limit and fee: kept as published where the stored
  // record has no per-channel table to hold them.
  if (stored.channels.empty() && stored.channels_text.empty()) p.channels = row.channels;
  return p;
}

}  // namespace motcua::catalog
