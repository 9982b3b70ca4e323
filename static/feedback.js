// Progressive enhancement of the feedback pages. Everything here is also
// checked on the server; without JavaScript the pages work the same, only
// later. Messages come from data-* attributes in the templates (all
// Vietnamese text lives there). CSP: loaded from 'self', no inline code.
(function () {
  'use strict';
  var form = document.querySelector('[data-fb-form]');

  // Print button on the receipt (hidden without JavaScript).
  var printBtn = document.querySelector('[data-print]');
  if (printBtn) {
    printBtn.hidden = false;
    printBtn.addEventListener('click', function () { window.print(); });
  }
  if (!form) return;
  var msg = form.dataset;

  function fieldBox(input) { return input.closest('.fld'); }
  function clientError(input, text) {
    var box = fieldBox(input);
    if (!box) return;
    var p = box.querySelector('.err-js');
    if (!text) {
      if (p) p.remove();
      if (!box.querySelector('.err:not(.err-js)')) box.classList.remove('has-err');
      input.removeAttribute('aria-invalid');
      return;
    }
    if (!p) {
      p = document.createElement('p');
      p.className = 'err err-js';
      p.id = 'ejs-' + input.id;
      input.insertAdjacentElement('beforebegin', p);
    }
    p.textContent = text;
    box.classList.add('has-err');
    input.setAttribute('aria-invalid', 'true');
    input.setAttribute('aria-describedby', ((input.getAttribute('aria-describedby') || '') + ' ' + p.id).trim());
  }

  // Characters left in the content box.
  document.querySelectorAll('[data-counter]').forEach(function (out) {
    var ta = document.getElementById(out.dataset.counter);
    if (!ta) return;
    var max = parseInt(ta.getAttribute('maxlength'), 10) || 0;
    function update() {
      var n = Array.from(ta.value).length;
      out.textContent = (msg.msgCounter || '{n}/{max}').replace('{n}', n.toLocaleString('vi-VN')).replace('{max}', max.toLocaleString('vi-VN'));
      out.classList.toggle('over', max > 0 && n > max);
    }
    ta.addEventListener('input', update);
    update();
  });

  // Files: count, size and type before a long upload.
  var files = form.querySelector('input[type=file]');
  function checkFiles() {
    if (!files) return true;
    var maxFiles = parseInt(files.dataset.maxFiles, 10) || 3;
    var maxBytes = parseInt(files.dataset.maxBytes, 10) || 5242880;
    var list = Array.from(files.files || []);
    var text = '';
    if (list.length > maxFiles) text = msg.msgTooManyFiles || '';
    list.forEach(function (f) {
      if (text) return;
      if (f.size > maxBytes) text = (msg.msgFileTooBig || '').replace('{name}', f.name);
      else if (!/\.(jpe?g|png|pdf)$/i.test(f.name) && !/^(image\/(jpeg|png)|application\/pdf)$/.test(f.type)) {
        text = (msg.msgFileType || '').replace('{name}', f.name);
      }
    });
    clientError(files, text);
    return !text;
  }
  if (files) files.addEventListener('change', checkFiles);

  // Required fields and the phone's shape, as the server will check them.
  function checkRequired() {
    var first = null;
    form.querySelectorAll('[required]').forEach(function (el) {
      var empty = el.type === 'checkbox' ? !el.checked : !el.value.trim();
      clientError(el, empty ? (msg.msgRequired || '') : '');
      if (empty && !first) first = el;
    });
    var phone = form.querySelector('input[type=tel]');
    if (phone && phone.value.trim()) {
      var digits = phone.value.replace(/[\s.\-()]/g, '').replace(/^(\+84|0084|84)/, '0');
      var ok = /^0(3|5|7|8|9)\d{8}$/.test(digits) || /^02\d{9}$/.test(digits);
      clientError(phone, ok ? '' : (msg.msgPhone || ''));
      if (!ok && !first) first = phone;
    }
    var consent = form.querySelector('input[name=consent]');
    if (consent && !consent.checked) {
      clientError(consent, msg.msgConsent || '');
      if (!first) first = consent;
    } else if (consent) {
      clientError(consent, '');
    }
    return first;
  }

  var sending = false;
  form.addEventListener('submit', function (ev) {
    var first = checkRequired();
    var filesOk = checkFiles();
    if (first || !filesOk) {
      ev.preventDefault();
      (first || files).focus();
      return;
    }
    // A second tap while the first is on its way would only be answered with
    // the same receipt (the server's one-time token); stop it here anyway.
    if (sending) { ev.preventDefault(); return; }
    sending = true;
    var btn = form.querySelector('button[type=submit]');
    if (btn && msg.msgSending) btn.textContent = msg.msgSending;
  });

  // Procedure suggestions while typing a name (the server offers the same
  // choices after a submit without JavaScript).
  var proc = form.querySelector('[data-suggest]');
  var listBox = form.querySelector('[data-suggest-list]');
  var timer = null;
  var lastQuery = '';
  function hideList() { listBox.hidden = true; listBox.textContent = ''; }
  function showPicked(code, name) {
    var p = form.querySelector('[data-picked]');
    if (!p) {
      p = document.createElement('p');
      p.className = 'picked';
      p.setAttribute('data-picked', '');
      proc.insertAdjacentElement('afterend', p);
    }
    p.textContent = name + ' (' + code + ')';
  }
  function suggest() {
    var q = proc.value.trim();
    if (q.length < 2 || /^\d\.\d{6}$/.test(q) || q === lastQuery) {
      if (q.length < 2) hideList();
      return;
    }
    lastQuery = q;
    fetch('/api/v1/procedures?q=' + encodeURIComponent(q), { headers: { Accept: 'application/json' } })
      .then(function (r) { return r.ok ? r.json() : { items: [] }; })
      .then(function (data) {
        if (proc.value.trim() !== q) return;
        listBox.textContent = '';
        (data.items || []).slice(0, 6).forEach(function (it) {
          var li = document.createElement('li');
          var b = document.createElement('button');
          b.type = 'button';
          b.textContent = it.name + ' (' + it.code + ')';
          b.addEventListener('click', function () {
            proc.value = it.code;
            lastQuery = it.code;
            showPicked(it.code, it.name);
            hideList();
            proc.focus();
          });
          li.appendChild(b);
          listBox.appendChild(li);
        });
        listBox.hidden = listBox.children.length === 0;
      })
      .catch(function () { hideList(); });
  }
  if (proc && listBox) {
    proc.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(suggest, 250);
    });
  }
})();
