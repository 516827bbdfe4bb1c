/*
 * log: the one logging family every program uses. Messages go to stderr
 * or to the file named by the "log_file" setting; each line carries a
 * timestamp, the program name and its pid so interleaved worker output can
 * be told apart.
 */
#ifndef WOOLLY_LOG_H
#define WOOLLY_LOG_H

enum log_level { LOG_LEVEL_ERROR, LOG_LEVEL_WARN, LOG_LEVEL_INFO, LOG_LEVEL_DEBUG };

void	log_init(const char *progname, int verbose);
/* Reopen onto a file (NULL or "" keeps stderr); -1 if it cannot be opened. */
int	log_open_file(const char *path);
void	log_warn(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_warnx(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_info(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_debug(const char *, ...) __attribute__((format(printf, 1, 2)));
void	fatal(const char *, ...)
	    __attribute__((format(printf, 1, 2), noreturn));
void	fatalx(const char *, ...)
	    __attribute__((format(printf, 1, 2), noreturn));

#endif
