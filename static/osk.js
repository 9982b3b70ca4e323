/* The kiosk's on-screen keyboard for text fields marked data-osk: a full-screen
   browser hides the system keyboard, so the page brings its own, typing
   Vietnamese with Telex (static/telex.js) or the marked-letter and tone keys.
   Loaded only in kiosk mode; phones use their own keyboard. */
(function () {
  'use strict';
  var body = document.body;
  var osk = document.getElementById('osk');
  var T = window.MotcuaTelex;
  if (!body || !body.classList.contains('kiosk') || !osk || !T) return;

  var target = null;  // the field being typed into
  var telex = true;
  var shift = false;
  var shiftKey = osk.querySelector('[data-osk-do="shift"]');
  var telexKey = osk.querySelector('[data-osk-telex]');

  function editable(el) {
    return el && el.hasAttribute && el.hasAttribute('data-osk') && !el.disabled && !el.readOnly &&
      (el.tagName === 'TEXTAREA' || el.tagName === 'INPUT');
  }
  // No system keyboard on top of ours.
  document.querySelectorAll('[data-osk]').forEach(function (el) {
    el.setAttribute('inputmode', 'none');
  });

  function open(el) {
    target = el;
    osk.hidden = false;
    body.classList.add('osk-open');
    window.setTimeout(function () {
      var r = el.getBoundingClientRect();
      var top = osk.getBoundingClientRect().top;
      if (r.bottom > top - 16 || r.top < 0) {
        window.scrollBy(0, r.top - Math.max(16, (top - r.height) / 2));
      }
    }, 0);
  }
  function close() {
    osk.hidden = true;
    body.classList.remove('osk-open');
    if (target) target.blur();
    target = null;
  }
  document.addEventListener('focusin', function (e) {
    if (editable(e.target)) open(e.target);
    else if (!osk.contains(e.target)) close();
  });
  // A tap elsewhere on the page puts the keyboard away.
  document.addEventListener('focusout', function () {
    window.setTimeout(function () {
      var a = document.activeElement;
      if (target && !editable(a) && !osk.contains(a)) close();
    }, 200);
  });

  // Selection helpers: some input types (email, number) have none.
  function caret(el) {
    try {
      if (typeof el.selectionStart === 'number') return [el.selectionStart, el.selectionEnd];
    } catch (e) { /* no selection API */ }
    return [el.value.length, el.value.length];
  }
  function setCaret(el, pos) {
    try { el.setSelectionRange(pos, pos); } catch (e) { /* no selection API */ }
  }
  // Replaces the text before the caret by edit(before) and the selection goes.
  function edit(fn) {
    var el = target;
    if (!el) return;
    var c = caret(el);
    var before = el.value.slice(0, c[0]);
    var after = el.value.slice(c[1]);
    var next = fn(before);
    var max = el.maxLength > 0 ? el.maxLength : Infinity;
    if ((next + after).length > max) return;
    el.value = next + after;
    setCaret(el, next.length);
    el.dispatchEvent(new Event('input', { bubbles: true }));
  }
  function onWord(fn) {
    edit(function (before) {
      var parts = T.splitWord(before);
      return parts[0] + fn(parts[1]);
    });
  }

  function type(k) {
    var key = shift ? k.toUpperCase() : k;
    if (shift) setShift(false);
    if (telex && /[a-z]/i.test(k)) onWord(function (w) { return T.typeKey(w, key); });
    else edit(function (b) { return b + key; });
  }
  function setShift(on) {
    shift = on;
    osk.classList.toggle('shift', on);
    if (shiftKey) shiftKey.setAttribute('aria-pressed', on ? 'true' : 'false');
  }

  function act(btn) {
    if (btn.hasAttribute('data-k')) return type(btn.getAttribute('data-k'));
    if (btn.hasAttribute('data-mark')) {
      var m = btn.getAttribute('data-mark');
      if (shift) { m = m.toUpperCase(); setShift(false); }
      return onWord(function (w) { return T.putMark(w, m); });
    }
    if (btn.hasAttribute('data-tone')) {
      var tone = parseInt(btn.getAttribute('data-tone'), 10);
      return onWord(function (w) { return T.applyTone(w, tone, null); });
    }
    if (btn.hasAttribute('data-osk-close')) return close();
    if (btn.hasAttribute('data-osk-telex')) {
      telex = !telex;
      btn.setAttribute('aria-pressed', telex ? 'true' : 'false');
      return undefined;
    }
    switch (btn.getAttribute('data-osk-do')) {
      case 'shift': return setShift(!shift);
      case 'space': return edit(function (b) { return b + ' '; });
      case 'back': return backspace();
      case 'enter': return enter();
      default: return undefined;
    }
  }
  function backspace() {
    var el = target;
    if (!el) return;
    var c = caret(el);
    if (c[0] !== c[1]) { edit(function (b) { return b; }); return; }
    edit(function (b) { return Array.from(b).slice(0, -1).join(''); });
  }
  function enter() {
    var el = target;
    if (!el) return;
    if (el.tagName === 'TEXTAREA') { edit(function (b) { return b + '\n'; }); return; }
    var form = el.form;
    close();
    if (form) {
      if (typeof form.requestSubmit === 'function') form.requestSubmit();
      else form.submit();
    }
  }

  // Keys never take the focus from the field being typed into.
  osk.addEventListener('mousedown', function (e) { e.preventDefault(); });
  osk.addEventListener('click', function (e) {
    var btn = e.target.closest ? e.target.closest('button') : null;
    if (!btn || !osk.contains(btn)) return;
    e.preventDefault();
    var keep = target;
    act(btn);
    if (target && target === keep && document.activeElement !== target) target.focus();
  });
  if (telexKey) telexKey.setAttribute('aria-pressed', 'true');
})();
