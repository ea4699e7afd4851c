/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * RMEM_API marks the functions of the public API: the library is built with
 * -fvisibility=hidden, so that librmem.so exports these and nothing else.
 * Every function declared in include/rmem/ carries it; internal functions,
 * whatever their name, do not.
 */
#ifndef RMEM_API_H
#define RMEM_API_H

#if defined(__GNUC__) || defined(__clang__)
#define RMEM_API __attribute__((visibility("default")))
#else
#define RMEM_API
#endif

#endif /* RMEM_API_H */
