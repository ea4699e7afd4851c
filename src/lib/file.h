/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Reading a whole input file (a board, a .config, a trace) with a size
 * limit, so that every reader refuses the same things the same way.
 */
#ifndef RMEM_LIB_FILE_H
#define RMEM_LIB_FILE_H

#include <stddef.h>

/**
 * rmem_read_file() - read all of @path, at most @max bytes.
 * @bufp: receives a malloc'd buffer of *@lenp bytes and a terminating NUL
 *	(not counted), so text can be scanned as a string; NULL on error
 * @lenp: receives the length; with -EFBIG, the file's size when known
 *	(a regular file's), else @max + 1
 *
 * Return: 0; -EISDIR (a directory); -EFBIG (more than @max bytes: a regular
 * file is refused by its size, without reading it); -ENOMEM; or the errno of
 * open(), fstat() or read() (-ENOENT, -EACCES, -EIO, ...).
 */
int rmem_read_file(const char *path, size_t max, char **bufp, size_t *lenp);

/**
 * rmem_read_input() - rmem_read_file(), with why it failed in words in @err
 * (@errlen bytes; none when @err is NULL): "N bytes, more than the M rmem
 * reads", or the errno's strerror().  The caller names the file.
 * Return: as rmem_read_file().
 */
int rmem_read_input(const char *path, size_t max, char **bufp, size_t *lenp, char *err,
		    size_t errlen);

/** rmem_read_fd() - the same on the open @fd (standard input, say), left open. */
int rmem_read_fd(int fd, size_t max, char **bufp, size_t *lenp);

#endif /* RMEM_LIB_FILE_H */
