/* Vietnamese Telex input for the kiosk's on-screen keyboard: pure functions on
   the word being typed, no DOM (tested with node:test in tests/js/).
   aa→â aw→ă ee→ê oo→ô ow→ơ uw→ư (uo+w→ươ) dd→đ; tones s f r x j, z removes.
   The tone sits on the vowel the modern rules choose (hoà, thuý, khoẻ, quý,
   giặt, người), and moves when letters are added. A repeated key undoes:
   "as"+"s" → "as", "aa"+"a" → "aa". */
(function (root) {
  'use strict';

  // Each vowel with its tones: none, huyền (f), sắc (s), hỏi (r), ngã (x), nặng (j).
  var TABLE = {
    a: 'aàáảãạ', 'ă': 'ăằắẳẵặ', 'â': 'âầấẩẫậ', e: 'eèéẻẽẹ', 'ê': 'êềếểễệ',
    i: 'iìíỉĩị', o: 'oòóỏõọ', 'ô': 'ôồốổỗộ', 'ơ': 'ơờớởỡợ', u: 'uùúủũụ',
    'ư': 'ưừứửữự', y: 'yỳýỷỹỵ'
  };
  var TONE_KEYS = { f: 1, s: 2, r: 3, x: 4, j: 5 };
  var DECOMPOSE = {};  // 'ấ' → ['â', 2]
  Object.keys(TABLE).forEach(function (v) {
    for (var t = 0; t < 6; t++) DECOMPOSE[TABLE[v][t]] = [v, t];
  });
  var MARKED = 'ăâêôơư';
  var FINALS = ['', 'c', 'ch', 'm', 'n', 'ng', 'nh', 'p', 't'];
  // Circumflex / breve-horn partners of a vowel base.
  var PLAIN = { 'ă': 'a', 'â': 'a', 'ê': 'e', 'ô': 'o', 'ơ': 'o', 'ư': 'u' };
  var HAT = { a: 'â', e: 'ê', o: 'ô' };
  var HORN = { a: 'ă', o: 'ơ', u: 'ư' };

  function isVowel(ch) { return TABLE.hasOwnProperty(ch); }

  // Word → letters [{c: lower-case toneless letter, up: bool}] and its tone.
  function parse(word) {
    var letters = [];
    var tone = 0;
    for (var i = 0; i < word.length; i++) {
      var ch = word[i];
      var lower = ch.toLowerCase();
      var up = lower !== ch;
      var d = DECOMPOSE[lower];
      if (d) {
        if (d[1] && !tone) tone = d[1];
        letters.push({ c: d[0], up: up });
      } else {
        letters.push({ c: lower, up: up });
      }
    }
    return { letters: letters, tone: tone };
  }

  // The last run of vowels [start, end), with the u of "qu" and the i of "gi"
  // counted as part of the onset.
  function vowelGroup(letters) {
    var end = letters.length;
    while (end > 0 && !isVowel(letters[end - 1].c)) end--;
    if (end === 0) return null;
    var start = end;
    while (start > 0 && isVowel(letters[start - 1].c)) start--;
    if (end - start > 1 && start > 0) {
      var prev = letters[start - 1].c;
      var first = letters[start].c;
      if ((prev === 'q' && first === 'u') || (prev === 'g' && first === 'i')) start++;
    }
    return { start: start, end: end };
  }

  function finalOk(letters, end) {
    var tail = letters.slice(end).map(function (l) { return l.c; }).join('');
    return FINALS.indexOf(tail) >= 0;
  }

  // Index of the letter that carries the tone, or -1.
  function tonePosition(letters) {
    var g = vowelGroup(letters);
    if (!g) return -1;
    var n = g.end - g.start;
    var marked = [];
    for (var i = g.start; i < g.end; i++) if (MARKED.indexOf(letters[i].c) >= 0) marked.push(i);
    if (marked.length) return marked[marked.length - 1];  // ươ → ơ
    if (n === 1) return g.start;
    if (g.end < letters.length) return g.end - 1;          // closed: toán, hoàng
    if (n >= 3) return g.start + 1;                        // ngoài, khuya
    var pair = letters[g.start].c + letters[g.start + 1].c;
    if (pair === 'oa' || pair === 'oe' || pair === 'uy') return g.start + 1;  // hoà, khoẻ, thuý
    return g.start;                                        // mái, múa, mía
  }

  function render(letters, tone) {
    var pos = tone ? tonePosition(letters) : -1;
    var out = '';
    for (var i = 0; i < letters.length; i++) {
      var ch = letters[i].c;
      if (i === pos) ch = TABLE[ch][tone];
      out += letters[i].up ? ch.toUpperCase() : ch;
    }
    return out;
  }

  function append(word, key) { return reTone(word + key); }

  // Applies a tone (1..5, 0 removes) to `word`. `key` is the letter typed, put
  // in literally when the tone cannot apply or undoes itself; null for a
  // keyboard button (then a repeat just removes the tone).
  function applyTone(word, tone, key) {
    var w = parse(word);
    var g = vowelGroup(w.letters);
    if (!g || !finalOk(w.letters, g.end)) return key ? append(word, key) : word;
    if (tone === 0) return w.tone ? render(w.letters, 0) : (key ? append(word, key) : word);
    if (w.tone === tone) return key ? render(w.letters, 0) + key : render(w.letters, 0);
    return render(w.letters, tone);
  }

  // aa/ee/oo (kind '^'), aw/ow/uw (kind '+'), dd (kind 'd').
  function applyMark(word, kind, key) {
    var w = parse(word);
    var L = w.letters;
    if (kind === 'd') {
      if (L.length && L[0].c === 'd') { L[0].c = 'đ'; return render(L, w.tone); }
      if (L.length && L[0].c === 'đ' && key) { L[0].c = 'd'; return render(L, w.tone) + key; }
      return key ? append(word, key) : word + 'đ';
    }
    var g = vowelGroup(L);
    if (g && !finalOk(L, g.end)) g = null;
    if (kind === '^') {
      var base = key ? key.toLowerCase() : null;
      if (g) {
        for (var i = g.end - 1; i >= g.start; i--) {
          var c = L[i].c;
          var plain = PLAIN[c] || c;
          if (base && plain !== base) continue;
          if (!HAT[plain]) continue;
          if (c === HAT[plain]) {  // undo: "aa"+"a" → "aa"
            if (!key) return word;
            L[i].c = plain;
            return render(L, w.tone) + key;
          }
          L[i].c = HAT[plain];
          return render(L, w.tone);
        }
      }
      return key ? append(word, key) : word;
    }
    // kind '+': horn or breve.
    if (g) {
      var s = g.start;
      var e = g.end;
      for (var k = s; k + 1 < e; k++) {  // uo → ươ
        var a = PLAIN[L[k].c] || L[k].c;
        var b = PLAIN[L[k + 1].c] || L[k + 1].c;
        if (a === 'u' && b === 'o') {
          if (L[k].c === 'ư' && L[k + 1].c === 'ơ') {
            if (!key) return word;
            L[k].c = 'u'; L[k + 1].c = 'o';
            return render(L, w.tone) + key;
          }
          L[k].c = 'ư'; L[k + 1].c = 'ơ';
          return render(L, w.tone);
        }
      }
      // In "oa" the o is a glide: hoa+w → hoă (hoặc); otherwise u, then o, then a.
      var order = ['u', 'o', 'a'];
      for (var q = s; q + 1 < e; q++) {
        if ((PLAIN[L[q].c] || L[q].c) === 'o' && (PLAIN[L[q + 1].c] || L[q + 1].c) === 'a') {
          order = ['u', 'a', 'o'];
        }
      }
      for (var oi = 0; oi < order.length; oi++) {
        for (var j = s; j < e; j++) {
          var cj = L[j].c;
          var pj = PLAIN[cj] || cj;
          if (pj !== order[oi]) continue;
          if (cj === HORN[pj]) {
            if (!key) return word;
            L[j].c = pj;
            return render(L, w.tone) + key;
          }
          L[j].c = HORN[pj];
          return render(L, w.tone);
        }
      }
    }
    // No vowel to mark: "w" alone, or after a consonant, is ư (tư, như).
    var last = L.length ? L[L.length - 1].c : '';
    if (!isVowel(last)) {
      var up = key ? key !== key.toLowerCase() : false;
      return word + (up ? 'Ư' : 'ư');
    }
    return key ? append(word, key) : word;
  }

  // One key typed at the end of `word` (the letters before the caret).
  function typeKey(word, key) {
    var k = key.toLowerCase();
    if (word.length) {
      if (TONE_KEYS.hasOwnProperty(k)) return applyTone(word, TONE_KEYS[k], key);
      if (k === 'z') return applyTone(word, 0, key);
      if (k === 'a' || k === 'e' || k === 'o') return applyMark(word, '^', key);
      if (k === 'd' && word.length) {
        var lw = parse(word).letters;
        if (lw[0].c === 'd' || lw[0].c === 'đ') return applyMark(word, 'd', key);
      }
    }
    if (k === 'w') return applyMark(word, '+', key);
    return reTone(word + key);
  }

  // Puts the word's tone back where the rules want it after letters changed.
  function reTone(word) {
    var w = parse(word);
    return w.tone ? render(w.letters, w.tone) : word;
  }

  // A keyboard button with a marked letter (â ă ê ô ơ ư đ): marks the
  // matching vowel of the word (tiên, ngươi, đi), or types the letter.
  function putMark(word, marked) {
    var lower = marked.toLowerCase();
    if (lower === 'đ') return applyMark(word, 'd', null);
    var w = parse(word);
    var L = w.letters;
    var plain = PLAIN[lower];
    var g = vowelGroup(L);
    if (plain && g && finalOk(L, g.end)) {
      if (lower === 'ư' || lower === 'ơ') {
        // u and o together take the horn together: ươ.
        for (var k = g.start; k + 1 < g.end; k++) {
          if ((PLAIN[L[k].c] || L[k].c) === 'u' && (PLAIN[L[k + 1].c] || L[k + 1].c) === 'o') {
            L[k].c = 'ư'; L[k + 1].c = 'ơ';
            return render(L, w.tone);
          }
        }
      }
      for (var i = g.end - 1; i >= g.start; i--) {
        if ((PLAIN[L[i].c] || L[i].c) === plain) {
          L[i].c = lower;
          return render(L, w.tone);
        }
      }
    }
    return reTone(word + marked);
  }

  // The word being typed: the letters just before the caret.
  function splitWord(text) {
    var m = /[\p{L}]+$/u.exec(text);
    return m ? [text.slice(0, m.index), m[0]] : [text, ''];
  }

  var api = {
    typeKey: typeKey, applyTone: applyTone, applyMark: applyMark, putMark: putMark,
    splitWord: splitWord,
    tonePosition: function (word) { return tonePosition(parse(word).letters); },
    TONE_KEYS: TONE_KEYS
  };
  if (typeof module === 'object' && module.exports) module.exports = api;
  else root.MotcuaTelex = api;
})(this);
