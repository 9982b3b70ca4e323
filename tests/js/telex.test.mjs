// The kiosk keyboard's Telex logic (static/telex.js), without a browser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const telex = require('../../static/telex.js');

// Types `keys` one by one into an empty word.
const type = (keys) => [...keys].reduce((w, k) => telex.typeKey(w, k), '');

test('vowel marks: aa ee oo aw ow uw uo+w dd', () => {
  const rows = [
    ['aa', 'â'], ['ee', 'ê'], ['oo', 'ô'], ['aw', 'ă'], ['ow', 'ơ'], ['uw', 'ư'],
    ['dd', 'đ'], ['DD', 'Đ'], ['Dd', 'Đ'], ['nguoiw', 'ngươi'], ['truowng', 'trương'],
    ['muaw', 'mưa'], ['hoaw', 'hoă'], ['hoawcj', 'hoặc'], ['oiw', 'ơi'], ['quaw', 'quă'], ['baan', 'bân'], ['tw', 'tư'],
    ['nhw', 'như'], ['W', 'Ư'], ['dduwowngf', 'đường'],
  ];
  for (const [keys, want] of rows) assert.equal(type(keys), want, keys);
});

test('tones s f r x j on single vowels and z to remove them', () => {
  const rows = [
    ['as', 'á'], ['af', 'à'], ['ar', 'ả'], ['ax', 'ã'], ['aj', 'ạ'],
    ['asz', 'a'], ['asf', 'à'], ['Es', 'É'], ['ys', 'ý'], ['ij', 'ị'],
  ];
  for (const [keys, want] of rows) assert.equal(type(keys), want, keys);
});

test('the tone goes on the vowel the modern rules choose', () => {
  const rows = [
    // oa, oe, uy open: second vowel (kiểu mới).
    ['hoaf', 'hoà'], ['khoer', 'khoẻ'], ['thuys', 'thuý'], ['thuyr', 'thuỷ'],
    // other open pairs: first vowel.
    ['mais', 'mái'], ['caos', 'cáo'], ['muas', 'múa'], ['mias', 'mía'], ['nuis', 'núi'],
    // closed syllables: last vowel of the group.
    ['toans', 'toán'], ['hoangf', 'hoàng'], ['huyts', 'huýt'],
    // a marked vowel wins; in ươ the ơ.
    ['tieengs', 'tiếng'], ['nguoiwf', 'người'], ['ruouwj', 'rượu'], ['cuwus', 'cứu'],
    ['chuyeenr', 'chuyển'], ['khuaays', 'khuấy'],
    // three vowels open: the middle one.
    ['ngoaif', 'ngoài'], ['khuyas', 'khuýa'], ['khuyur', 'khuỷu'],
    // qu and gi are onsets.
    ['quys', 'quý'], ['quas', 'quá'], ['quoocs', 'quốc'], ['giawtj', 'giặt'], ['gif', 'gì'],
    ['giuwax', 'giữa'],
  ];
  for (const [keys, want] of rows) assert.equal(type(keys), want, keys);
});

test('the tone may be typed anywhere in the word and moves as letters come', () => {
  assert.equal(type('hoaf'), 'hoà');
  assert.equal(type('hoafn'), 'hoàn');
  assert.equal(type('hofa'), 'hoà');
  assert.equal(type('thuyreen'), 'thuyển');
  assert.equal(type('tiengs'), 'tiéng');
  assert.equal(type('tiengse'), 'tiếng');  // the hat after the tone
  assert.equal(type('nguyeenx'), 'nguyễn');
  assert.equal(type('Vieetj'), 'Việt');
});

test('a repeated key undoes and types the letter', () => {
  assert.equal(type('ass'), 'as');
  assert.equal(type('aaa'), 'aa');
  assert.equal(type('aww'), 'aw');
  assert.equal(type('ddd'), 'dd');
  assert.equal(type('uww'), 'uw');
});

test('letters that cannot take a tone stay letters', () => {
  assert.equal(type('s'), 's');        // no vowel yet
  assert.equal(type('xin'), 'xin');
  assert.equal(type('rf'), 'rf');
  assert.equal(type('z'), 'z');
  assert.equal(type('balls'), 'balls');  // "s" after a final that is not Vietnamese
  assert.equal(type('bus'), 'bú');
  assert.equal(type('Nam'), 'Nam');
  assert.equal(type('ddi'), 'đi');
});

test('capitals are kept where they were typed', () => {
  assert.equal(type('VIEETJ'), 'VIỆT');
  assert.equal(type('Ddawngf'), 'Đằng');
  assert.equal(type('HOAF'), 'HOÀ');
  assert.equal(type('Quys'), 'Quý');
});

test('keyboard buttons: tone and mark without a typed letter', () => {
  assert.equal(telex.applyTone('hoa', 1, null), 'hoà');
  assert.equal(telex.applyTone('hoà', 1, null), 'hoa');  // a second press removes it
  assert.equal(telex.applyTone('hoà', 0, null), 'hoa');
  assert.equal(telex.applyTone('', 2, null), '');
  assert.equal(telex.applyMark('tien', '^', null), 'tiên');
  assert.equal(telex.applyMark('nguoi', '+', null), 'ngươi');
  assert.equal(telex.applyMark('di', 'd', null), 'đi');
  assert.equal(telex.applyMark('', 'd', null), 'đ');
  assert.equal(telex.applyMark('', '+', null), 'ư');
});

test('keyboard buttons with marked letters mark the word or type the letter', () => {
  assert.equal(telex.putMark('tien', 'ê'), 'tiên');
  assert.equal(telex.putMark('tién', 'ê'), 'tiến');
  assert.equal(telex.putMark('nguoi', 'ư'), 'ngươi');
  assert.equal(telex.putMark('mua', 'ư'), 'mưa');
  assert.equal(telex.putMark('hoac', 'ă'), 'hoăc');
  assert.equal(telex.putMark('di', 'đ'), 'đi');
  assert.equal(telex.putMark('b', 'â'), 'bâ');
  assert.equal(telex.putMark('', 'Ơ'), 'Ơ');
  assert.equal(telex.putMark('tà', 'ă'), 'tằ');
});

test('the word before the caret is split off the text', () => {
  assert.deepEqual(telex.splitWord('Xin chào'), ['Xin ', 'chào']);
  assert.deepEqual(telex.splitWord('Số 12, đường '), ['Số 12, đường ', '']);
  assert.deepEqual(telex.splitWord(''), ['', '']);
  assert.deepEqual(telex.splitWord('(ĐƯỜNG'), ['(', 'ĐƯỜNG']);
});

test('a whole sentence', () => {
  const sentence = 'Tooi muoons ddawng kys khai sinh cho con';
  const out = sentence.split(' ').map((w) => type(w)).join(' ');
  assert.equal(out, 'Tôi muốn đăng ký khai sinh cho con');
  const s2 = 'Ddeef nghij xax giair quyeets nhanh hown';
  assert.equal(s2.split(' ').map((w) => type(w)).join(' '), 'Đề nghị xã giải quyết nhanh hơn');
});
