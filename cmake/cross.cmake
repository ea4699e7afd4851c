# SPDX-License-Identifier: GPL-2.0-only
#
# CMake toolchain file: rmem for another Debian arch with Debian's cross gcc
# (gcc-aarch64-linux-gnu, gcc-arm-linux-gnueabihf, gcc-riscv64-linux-gnu) and
# a sysroot of the arch's -dev packages (scripts/cross-sysroot.sh).  `make
# cross ARCH=arm64` sets both:
#   cmake -S . -B build-arm64 -DCMAKE_TOOLCHAIN_FILE=cmake/cross.cmake \
#         -DRMEM_CROSS_ARCH=arm64 -DRMEM_SYSROOT=$(scripts/cross-sysroot.sh arm64)

# try_compile() projects read this file again: hand them the two settings
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES RMEM_CROSS_ARCH RMEM_SYSROOT)

if(RMEM_CROSS_ARCH STREQUAL "arm64")
  set(RMEM_TRIPLET aarch64-linux-gnu)
  set(CMAKE_SYSTEM_PROCESSOR aarch64)
elseif(RMEM_CROSS_ARCH STREQUAL "armhf")
  set(RMEM_TRIPLET arm-linux-gnueabihf)
  set(CMAKE_SYSTEM_PROCESSOR arm)
elseif(RMEM_CROSS_ARCH STREQUAL "riscv64")
  set(RMEM_TRIPLET riscv64-linux-gnu)
  set(CMAKE_SYSTEM_PROCESSOR riscv64)
else()
  message(FATAL_ERROR "RMEM_CROSS_ARCH: arm64, armhf or riscv64, not '${RMEM_CROSS_ARCH}'")
endif()
if(NOT IS_DIRECTORY "${RMEM_SYSROOT}/usr/include")
  message(FATAL_ERROR "RMEM_SYSROOT: '${RMEM_SYSROOT}' is no sysroot (scripts/cross-sysroot.sh ${RMEM_CROSS_ARCH})")
endif()

set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_C_COMPILER ${RMEM_TRIPLET}-gcc)
set(CMAKE_SYSROOT ${RMEM_SYSROOT})
set(CMAKE_LIBRARY_ARCHITECTURE ${RMEM_TRIPLET})
# The sysroot's libc before the cross gcc's own (libc6-dev-TRIPLET-cross,
# bookworm's glibc 2.36, which gcc searches ahead of the sysroot): trixie's
# riscv64 libraries need glibc 2.38's symbols.  The libraries' own
# dependencies (libarchive's libxml2...) are found in the sysroot too.
set(CMAKE_EXE_LINKER_FLAGS_INIT
    "-L${RMEM_SYSROOT}/usr/lib/${RMEM_TRIPLET} -L${RMEM_SYSROOT}/lib/${RMEM_TRIPLET} -Wl,-rpath-link,${RMEM_SYSROOT}/lib/${RMEM_TRIPLET}:${RMEM_SYSROOT}/usr/lib/${RMEM_TRIPLET}")
set(CMAKE_SHARED_LINKER_FLAGS_INIT "${CMAKE_EXE_LINKER_FLAGS_INIT}")
set(CMAKE_FIND_ROOT_PATH ${RMEM_SYSROOT})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
# pkg-config (jansson, libarchive): the sysroot's .pc files, its paths prefixed
set(ENV{PKG_CONFIG_LIBDIR}
    "${RMEM_SYSROOT}/usr/lib/${RMEM_TRIPLET}/pkgconfig:${RMEM_SYSROOT}/usr/share/pkgconfig")
set(ENV{PKG_CONFIG_SYSROOT_DIR} ${RMEM_SYSROOT})
set(ENV{PKG_CONFIG_PATH} "")
