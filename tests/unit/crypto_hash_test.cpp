#include <doctest/doctest.h>

#include <string>

#include "crypto/encoding.h"
#include "crypto/hash.h"

using namespace motcua::crypto;

TEST_CASE("Sha256 matches the FIPS 180-2 vector") {
  CHECK(Sha256Hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(Sha256("abc").size() == 32);
}

TEST_CASE("HmacSha256 matches RFC 4231 test cases 1, 2 and 6") {
  struct Case {
    std::string key, data, hex;
  };
  const Case cases[] = {
      {std::string(20, '\x0b'), "Hi There",
       "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"},
      {"Jefe", "what do ya want for nothing?",
       "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"},
      {std::string(131, '\xaa'), "Test Using Larger Than Block-Size Key - Hash Key First",
       "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"},
  };
  for (const Case& c : cases) {
    CHECK(HmacSha256Hex(c.key, c.data) == c.hex);
    CHECK(HexEncode(HmacSha256(c.key, c.data)) == c.hex);
  }
}

TEST_CASE("ConstantTimeEquals compares bytes, including NULs and lengths") {
  CHECK(ConstantTimeEquals("", ""));
  CHECK(ConstantTimeEquals("token", "token"));
  CHECK_FALSE(ConstantTimeEquals("token", "tokeN"));
  CHECK_FALSE(ConstantTimeEquals("token", "token2"));
  CHECK_FALSE(ConstantTimeEquals(std::string("a\0b", 3), std::string("a\0c", 3)));
}

TEST_CASE("Hex round-trips and rejects malformed input") {
  std::string all;
  for (int i = 0; i < 256; ++i) all.push_back(static_cast<char>(i));
  CHECK(HexDecode(HexEncode(all)).value() == all);
  CHECK(HexDecode("DEADbeef").value() == "\xde\xad\xbe\xef");
  CHECK(HexDecode("").value().empty());
  CHECK_FALSE(HexDecode("abc").ok());
  CHECK_FALSE(HexDecode("zz").ok());
}

TEST_CASE("Base64 matches RFC 4648 vectors and is strict") {
  const char* plain[] = {"", "f", "fo", "foo", "foob", "fooba", "foobar"};
  const char* b64[] = {"", "Zg==", "Zm8=", "Zm9v", "Zm9vYg==", "Zm9vYmE=", "Zm9vYmFy"};
  const char* url[] = {"", "Zg", "Zm8", "Zm9v", "Zm9vYg", "Zm9vYmE", "Zm9vYmFy"};
  for (int i = 0; i < 7; ++i) {
    CHECK(Base64Encode(plain[i]) == b64[i]);
    CHECK(Base64Decode(b64[i]).value() == plain[i]);
    CHECK(Base64UrlEncode(plain[i]) == url[i]);
    CHECK(Base64UrlDecode(url[i]).value() == plain[i]);
    CHECK(Base64UrlDecode(b64[i]).value() == plain[i]);  // padding optional
  }
  CHECK(Base64Encode("\xfb\xff") == "+/8=");
  CHECK(Base64UrlEncode("\xfb\xff") == "-_8");
  CHECK(Base64UrlDecode("-_8").value() == "\xfb\xff");
  CHECK_FALSE(Base64UrlDecode("+/8").ok());
  CHECK_FALSE(Base64Decode("-_8=").ok());
  CHECK_FALSE(Base64Decode("Zg=").ok());
  CHECK_FALSE(Base64Decode("Zm9v\nYmFy").ok());
  CHECK_FALSE(Base64Decode("Zm 9").ok());
  CHECK_FALSE(Base64Decode("Z===").ok());
  CHECK_FALSE(Base64Decode("Zg=a").ok());
  CHECK_FALSE(Base64UrlDecode("Z").ok());
}
