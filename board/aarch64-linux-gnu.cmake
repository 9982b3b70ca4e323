# Toolchain file for the arm64 boards (rpi-zero2w, rpi4, rpi5, orangepi-zero3).
#
# Cross-compiles on a Debian bookworm host with Debian's multiarch packages:
#   dpkg --add-architecture arm64; apt-get install g++-aarch64-linux-gnu qemu-user-static
#   and the :arm64 variants of the -dev packages (board/cross-build-arm64.sh does all of it).
# Use:  cmake -S . -B build-arm64 -DCMAKE_TOOLCHAIN_FILE=board/aarch64-linux-gnu.cmake -DMOTCUA_BOARD=rpi4
#
# The boards differ only in data (board/<name>/motcua.conf), so one toolchain serves all of them.

set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)

set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)
set(CMAKE_CXX_COMPILER aarch64-linux-gnu-g++)

# Multiarch: headers in /usr/include and /usr/include/aarch64-linux-gnu, libraries in
# /usr/lib/aarch64-linux-gnu. No sysroot: the arm64 -dev packages are installed beside the host's.
set(CMAKE_LIBRARY_ARCHITECTURE aarch64-linux-gnu)

# Find libraries, headers and package configs for the target only; programs (cmake, the compilers)
# come from the host. Nothing else is changed (no CMAKE_FIND_ROOT_PATH, no sysroot).
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# pkg-config (used by FindCURL, FindPkgConfig...) would otherwise answer with the host's .pc files and
# hand out /usr/lib/x86_64-linux-gnu paths as HINTS, which win over the find-root modes: this really
# happened with find_package(CURL). Point it at the arm64 .pc files only. (Configure time only, which
# is the only time pkg-config runs.)
set(ENV{PKG_CONFIG_LIBDIR} "/usr/lib/${CMAKE_LIBRARY_ARCHITECTURE}/pkgconfig:/usr/share/pkgconfig")
set(ENV{PKG_CONFIG_PATH} "")

# ctest and doctest_discover_tests run the test binary through this.
# Deliberately without "-L /usr/aarch64-linux-gnu": that mixes the cross libc with the multiarch one
# and hangs at the first pthread_create. The arm64 loader and libraries are found at their multiarch
# paths (/lib/ld-linux-aarch64.so.1, /usr/lib/aarch64-linux-gnu) installed by libc6:arm64.
set(CMAKE_CROSSCOMPILING_EMULATOR qemu-aarch64-static)

# The .deb's architecture (arm64) is derived from CMAKE_SYSTEM_PROCESSOR in the top-level
# CMakeLists.txt packaging block, not set here.
