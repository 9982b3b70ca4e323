/* Kiosk mode (loaded only when the server renders the kiosk layout): the idle
   timeout that clears everything for the next citizen, the attract screen on
   /kiosk, online state, and the kiosk bar's buttons. Texts live in the
   templates; this file only shows and hides them. */
(function () {
  'use strict';
  var body = document.body;
  if (!body || !body.classList.contains('kiosk')) return;

  var HOME = '/kiosk';
  var idleMs = (parseInt(body.getAttribute('data-idle-seconds'), 10) || 90) * 1000;
  var attractMs = (parseInt(body.getAttribute('data-attract-seconds'), 10) || 30) * 1000;
  var warnMs = Math.min(10000, idleMs);
  var isHome = location.pathname === HOME;
  var last = Date.now();
  var resetting = false;
  var countdown = document.getElementById('kiosk-countdown');
  var attract = document.getElementById('attract');
  var slides = attract ? attract.querySelectorAll('.slide') : [];
  var slide = 0;
  var slideTimer = 0;

  // ---- clearing -------------------------------------------------------------
  function fields() {
    return document.querySelectorAll('input, textarea, select');
  }
  function clearFields() {
    fields().forEach(function (el) {
      var t = (el.type || '').toLowerCase();
      if (t === 'hidden' || t === 'submit' || t === 'button' || t === 'reset' || t === 'image') return;
      if (t === 'checkbox' || t === 'radio') el.checked = false;
      else if (el.tagName === 'SELECT') el.selectedIndex = 0;
      else el.value = '';
    });
  }
  function hasInput() {
    var any = false;
    fields().forEach(function (el) {
      var t = (el.type || '').toLowerCase();
      if (t === 'hidden' || t === 'submit' || t === 'button') return;
      if (t === 'checkbox' || t === 'radio') any = any || el.checked;
      else if (el.tagName !== 'SELECT') any = any || el.value !== '';
    });
    return any;
  }
  // Everything the last citizen left: fields, storage, and (on the server, by
  // ?moi=1) their cookies. History cannot be erased from a page, so /kiosk
  // keeps Back from leaving it (below) and the earlier pages stay unreachable.
  function reset() {
    if (resetting) return;
    resetting = true;
    clearFields();
    try { sessionStorage.clear(); } catch (e) { /* storage disabled */ }
    try { localStorage.clear(); } catch (e) { /* storage disabled */ }
    location.replace(HOME + '?moi=1');
  }

  // Forms are never remembered by the browser on a shared screen.
  document.querySelectorAll('form').forEach(function (f) { f.setAttribute('autocomplete', 'off'); });

  if (isHome) {
    history.replaceState({ kiosk: 'home' }, '', HOME);
    history.pushState({ kiosk: 'trap' }, '', HOME);
    window.addEventListener('popstate', function () {
      history.pushState({ kiosk: 'trap' }, '', HOME);
    });
    try { sessionStorage.setItem('motcua-kiosk-since', String(Date.now())); } catch (e) { /* */ }
  }
  var since = null;
  try { since = sessionStorage.getItem('motcua-kiosk-since'); } catch (e) { /* */ }
  // A page brought back from the browser's back-forward cache after a reset
  // belongs to the last citizen: leave it.
  window.addEventListener('pageshow', function (e) {
    if (!e.persisted) return;
    var now = null;
    try { now = sessionStorage.getItem('motcua-kiosk-since'); } catch (err) { /* */ }
    if (now !== since || now === null) { clearFields(); location.replace(HOME); }
    last = Date.now();
  });

  // ---- idle timeout and countdown -------------------------------------------
  function showCountdown(seconds) {
    countdown.querySelectorAll('[data-kiosk-seconds]').forEach(function (el) {
      el.textContent = String(seconds);
    });
    if (countdown.hidden) countdown.hidden = false;
  }
  function activity() {
    if (resetting) return;
    last = Date.now();
    if (countdown && !countdown.hidden) countdown.hidden = true;
    if (attract && !attract.hidden) stopAttract();
  }
  ['pointerdown', 'keydown', 'input', 'wheel', 'touchstart'].forEach(function (ev) {
    window.addEventListener(ev, activity, { capture: true, passive: true });
  });

  // ---- attract screen (on /kiosk when nobody touches it) --------------------
  function showSlide(i) {
    slides.forEach(function (s, j) { s.classList.toggle('on', j === i); });
  }
  function startAttract() {
    if (!attract || !slides.length) return;
    window.scrollTo(0, 0);
    slide = 0;
    showSlide(slide);
    attract.hidden = false;
    body.classList.add('attracting');
    slideTimer = window.setInterval(function () {
      slide = (slide + 1) % slides.length;
      showSlide(slide);
    }, 6000);
  }
  function stopAttract() {
    window.clearInterval(slideTimer);
    attract.hidden = true;
    body.classList.remove('attracting');
  }

  window.setInterval(function () {
    if (resetting) return;
    var idle = Date.now() - last;
    if (attract && !attract.hidden) return;  // the resting state: nothing to clear
    if (isHome && attract && idle >= attractMs && !hasInput() && window.scrollY < 10) {
      countdown.hidden = true;
      startAttract();
      return;
    }
    var remaining = idleMs - idle;
    if (remaining <= 0) reset();
    else if (remaining <= warnMs) showCountdown(Math.ceil(remaining / 1000));
  }, 250);

  // ---- the kiosk bar ----------------------------------------------------------
  var back = document.querySelector('[data-kiosk-back]');
  if (back && !isHome) {
    back.hidden = false;
    back.addEventListener('click', function () { history.back(); });
  }
  var end = document.querySelector('[data-kiosk-reset]');
  if (end) end.addEventListener('click', reset);
  var stay = document.querySelector('[data-kiosk-stay]');
  if (stay) stay.addEventListener('click', activity);

  // ---- online state: the network and the server -------------------------------
  var net = document.querySelector('[data-kiosk-net]');
  function setNet(state) { if (net) net.setAttribute('data-state', state); }
  function check() {
    if (!navigator.onLine) { setNet('offline'); return; }
    var ctl = typeof AbortController === 'function' ? new AbortController() : null;
    var timer = window.setTimeout(function () { if (ctl) ctl.abort(); }, 5000);
    fetch('/healthz', { cache: 'no-store', signal: ctl ? ctl.signal : undefined })
      .then(function (r) { return r.json().then(function (j) { return r.ok && j.status === 'ok'; }); })
      .then(function (ok) { setNet(ok ? 'online' : 'down'); })
      .catch(function () { setNet('down'); })
      .then(function () { window.clearTimeout(timer); });
  }
  window.addEventListener('online', check);
  window.addEventListener('offline', check);
  check();
  window.setInterval(check, 15000);
})();
