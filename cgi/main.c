/*
 * woolly.fcgi: the pre-forked FastCGI pool. The master opens the socket,
 * forks the workers and then only supervises: it replaces workers that
 * die, reloads on SIGHUP (new workers read the new configuration and
 * templates while old ones finish the request in hand) and stops on
 * SIGTERM. Each worker owns one PostgreSQL connection and one memcached
 * handle and serves requests one at a time.
 */
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/un.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <fcgiapp.h>

#include "buf.h"
#include "cache.h"
#include "config.h"
#include "db.h"
#include "log.h"
#include "page_cache.h"
#include "pool_slots.h"
#include "request.h"
#include "router.h"
#include "view.h"
#include "worker.h"

static volatile sig_atomic_t got_sigterm, got_sighup, got_sigchld,
    got_sigalrm;
static int worker_listen_fd = -1;

static void
master_signal(int sig)
{
	switch (sig) {
	case SIGTERM:
	case SIGINT:
		got_sigterm = 1;
		break;
	case SIGHUP:
		got_sighup = 1;
		break;
	case SIGCHLD:
		got_sigchld = 1;
		break;
	case SIGALRM:
		got_sigalrm = 1;
		break;
	}
}

static void
worker_signal(int sig)
{
	(void)sig;
	/* libfcgi's accept loop gives up when this is set, even on EINTR. */
	FCGX_ShutdownPending();
	got_sigterm = 1;
	/*
	 * libfcgi checks the flag just before accept(); a signal landing in
	 * between would leave this worker asleep in accept. Closing our copy
	 * of the socket wakes it either way. Requests are never in progress
	 * here: SIGTERM is blocked while one is served.
	 */
	if (worker_listen_fd != -1)
		close(worker_listen_fd);
}

struct pool {
	const char	*config_path;
	struct config	 cf;
	int		 listen_fd;
	ino_t		 socket_inode;	/* to unlink only our own socket */
	struct pool_slots slots;	/* every live worker, old ones too */
	int		 current_generation;
	time_t		 started_at;
};

static void
usage(void)
{
	fprintf(stderr, "usage: woolly.fcgi [-d] [-c woolly.conf]\n"
	    "       woolly.fcgi -r\n"
	    "  -c FILE  configuration file (default %s)\n"
	    "  -d       log debug messages\n"
	    "  -r       print the route table and exit\n",
	    config_default_path());
	exit(2);
}

/*
 * Refuse to start while a pool answers on the socket path: binding anew
 * would unlink the running pool's socket and leave it serving nobody. A
 * socket nobody answers on is left over from a crash and may go. Said on
 * stderr, to whoever is starting us, not in the running pool's log.
 */
static void
refuse_if_listening(const char *path)
{
	struct sockaddr_un sun;
	struct stat st;
	int fd, rc, saved;

	if (path[0] != '/')
		return;		/* a TCP port in use already fails bind() */
	if (lstat(path, &st) == -1) {
		if (errno == ENOENT)
			return;
		fatal("%s", path);
	}
	if (!S_ISSOCK(st.st_mode))
		fatalx("%s exists and is not a socket", path);
	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	if ((size_t)snprintf(sun.sun_path, sizeof(sun.sun_path), "%s",
	    path) >= sizeof(sun.sun_path))
		fatalx("socket path too long: %s", path);
	/* Non-blocking, so a pool too busy to accept cannot hang us. */
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd == -1)
		fatal("socket");
	rc = connect(fd, (struct sockaddr *)&sun, sizeof(sun));
	saved = errno;
	close(fd);
	/* EAGAIN: a listener whose backlog is full is a listener too. */
	if (rc == 0 || saved == EAGAIN || saved == EINPROGRESS)
		fatalx("another woolly.fcgi is listening on %s", path);
	if (saved != ECONNREFUSED && saved != ENOENT) {
		errno = saved;
		fatal("cannot tell whether %s is in use", path);
	}
}

static int
open_listen_socket(const struct config *cf, ino_t *inode)
{
	const char *path = cf->fastcgi_socket;
	struct stat st;
	int fd;

	if (path[0] == '/') {
		/*
		 * refuse_if_listening() found it absent or stale; a stale
		 * one would make bind() fail.
		 */
		unlink(path);
	}
	fd = FCGX_OpenSocket(path, cf->fastcgi_backlog);
	if (fd < 0)
		fatal("cannot listen on %s", path);
	if (path[0] == '/') {
		if (chmod(path, (mode_t)cf->fastcgi_socket_mode) == -1 ||
		    stat(path, &st) == -1)
			fatal("chmod %s", path);
		*inode = st.st_ino;
	}
	return fd;
}

static void
worker_main(const struct config *cf, int listen_fd, const char *pool_tag)
{
	struct sigaction sa;
	struct app app;
	FCGX_Request fcgi;
	sigset_t none, term;

	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = worker_signal;	/* no SA_RESTART: accept must wake */
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sa.sa_handler = SIG_DFL;
	sigaction(SIGCHLD, &sa, NULL);
	sa.sa_handler = SIG_IGN;	/* reloads are the master's business */
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGPIPE, &sa, NULL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);

	memset(&app, 0, sizeof(app));
	app.cf = cf;
	snprintf(app.pool_tag, sizeof(app.pool_tag), "%s", pool_tag);
	app.db = db_open(cf->database, cf->statement_timeout,
	    cf->database_connect_timeout);
	app.cache = cache_open(cf->memcached);
	view_set_template_dir(cf->template_dir);
	worker_start(&app);

	/*
	 * SIGTERM may only interrupt the wait for a request: arriving while
	 * one is served it would break a read or write half-way (libfcgi does
	 * not retry on EINTR), so it is held until the response is out.
	 */
	sigemptyset(&term);
	sigaddset(&term, SIGTERM);
	sigaddset(&term, SIGINT);
	worker_listen_fd = listen_fd;
	FCGX_InitRequest(&fcgi, listen_fd, FCGI_FAIL_ACCEPT_ON_INTR);
	while (!got_sigterm && FCGX_Accept_r(&fcgi) == 0) {
		sigprocmask(SIG_BLOCK, &term, NULL);
		worker_handle(&app, &fcgi);
		FCGX_Finish_r(&fcgi);
		sigprocmask(SIG_UNBLOCK, &term, NULL);
		worker_after_response(&app);
	}
	FCGX_Free(&fcgi, 1);
	worker_cleanup(&app);
	cache_close(app.cache);
	db_close(app.db);
	view_set_template_dir(NULL);
}

/* The child's side of a fork: serve until told to stop, then exit. */
static void __attribute__((noreturn))
run_worker(struct pool *pool)
{
	char tag[64];

	close(STDIN_FILENO);
	/* Pages cached by one configuration are not another's. */
	snprintf(tag, sizeof(tag), "%ld.%ld.%d", (long)pool->started_at,
	    (long)getppid(), pool->current_generation);
	worker_main(&pool->cf, pool->listen_fd, tag);
	config_free(&pool->cf);
	_exit(0);
}

/* Fork a worker of the current generation and record it. */
static pid_t
spawn_worker(struct pool *pool)
{
	pid_t pid;

	/* A child left unrecorded could be neither stopped nor waited for. */
	if (!pool_slots_has_room(&pool->slots)) {
		log_warnx("cannot start a worker: %d still running",
		    POOL_SLOTS_MAX);
		return -1;
	}
	if ((pid = fork()) == -1) {
		log_warn("fork");
		return -1;
	}
	if (pid == 0)
		run_worker(pool);
	pool_slots_add(&pool->slots, pid, pool->current_generation,
	    time(NULL));
	return pid;
}

/*
 * Signal the live workers of a generation (or of all). Only recorded pids
 * are signalled, and a pid stays recorded until it is reaped, so a signal
 * can never reach a process that reused the pid of a dead worker.
 */
static int
signal_workers(struct pool *pool, int generation, int sig)
{
	pid_t pids[POOL_SLOTS_MAX];
	int i, n;

	n = pool_slots_pids(&pool->slots, generation, pids, POOL_SLOTS_MAX);
	for (i = 0; i < n; i++)
		if (kill(pids[i], sig) == -1)
			log_warn("kill %ld", (long)pids[i]);
	return n;
}

/* A child was reaped: forget it at once, its pid is free for reuse. */
static void
forget_worker(struct pool *pool, pid_t pid, int status)
{
	struct pool_slot gone;

	if (pool_slots_remove(&pool->slots, pid, &gone) == -1)
		return;
	if (WIFSIGNALED(status))
		log_warnx("worker %ld killed by signal %d", (long)pid,
		    WTERMSIG(status));
	else if (WEXITSTATUS(status) != 0)
		log_warnx("worker %ld exited with status %d", (long)pid,
		    WEXITSTATUS(status));
	if (got_sigterm || gone.generation != pool->current_generation)
		return;
	/* A worker that dies at once would otherwise fork in a loop. */
	if (time(NULL) - gone.started < 1) {
		struct timespec pause = { 0, 500 * 1000 * 1000 };
		nanosleep(&pause, NULL);
	}
}

/* Reap every child that has exited; refill() replaces them. */
static void
reap(struct pool *pool)
{
	pid_t pid;
	int status;

	while ((pid = waitpid(-1, &status, WNOHANG)) > 0)
		forget_worker(pool, pid, status);
}

/*
 * Start the current generation's missing workers: at start, after a
 * reload, after deaths, and after a fork that failed (out of memory or
 * processes), for which no SIGCHLD will ever come, so try again in a
 * second.
 */
static void
refill(struct pool *pool)
{
	int missing;

	if (got_sigterm)
		return;
	missing = pool->cf.workers - pool_slots_count(&pool->slots,
	    pool->current_generation);
	for (; missing > 0; missing--)
		if (spawn_worker(pool) == -1)
			break;
	if (missing > 0)
		alarm(1);
}

/*
 * SIGHUP: re-read the configuration; if it is valid, start a new
 * generation of workers and ask the old ones to finish and exit. The old
 * ones stay recorded until they do.
 */
static void
reload(struct pool *pool)
{
	struct config fresh;
	char err[512];
	char *socket_path;
	int retiring;

	if (config_load(&fresh, pool->config_path, err, sizeof(err)) == -1) {
		log_warnx("reload refused, keeping the running configuration: "
		    "%s", err);
		return;
	}
	if (strcmp(fresh.fastcgi_socket, pool->cf.fastcgi_socket) != 0)
		log_warnx("reload: fastcgi_socket changes need a restart");
	/* The socket stays open across reloads, so its path stays too. */
	socket_path = xstrdup(pool->cf.fastcgi_socket);
	config_free(&pool->cf);
	pool->cf = fresh;
	free(pool->cf.fastcgi_socket);
	pool->cf.fastcgi_socket = socket_path;
	log_open_file(pool->cf.log_file);
	pool->current_generation++;
	refill(pool);
	/* Older generations were asked at earlier reloads. */
	retiring = signal_workers(pool, pool->current_generation - 1,
	    SIGTERM);
	log_info("reloaded: %d workers started, %d asked to finish",
	    pool_slots_count(&pool->slots, pool->current_generation),
	    retiring);
}

/*
 * SIGTERM: ask every worker, old generations too, to finish the request
 * in hand and exit; give them ten seconds, then insist.
 */
static void
stop_workers(struct pool *pool)
{
	struct timespec delay = { 0, 50 * 1000 * 1000 };
	pid_t pid;
	int status, tries, left;

	signal_workers(pool, POOL_ANY_GENERATION, SIGTERM);
	for (tries = 0; tries < 200; tries++) {
		reap(pool);
		if (pool_slots_count(&pool->slots, POOL_ANY_GENERATION) == 0)
			return;
		nanosleep(&delay, NULL);
	}
	left = pool_slots_count(&pool->slots, POOL_ANY_GENERATION);
	if (left == 1)
		log_warnx("1 worker still busy after 10 s: killing it");
	else
		log_warnx("%d workers still busy after 10 s: killing them",
		    left);
	signal_workers(pool, POOL_ANY_GENERATION, SIGKILL);
	while (pool_slots_count(&pool->slots, POOL_ANY_GENERATION) > 0 &&
	    (pid = waitpid(-1, &status, 0)) > 0)
		forget_worker(pool, pid, status);
}

int
main(int argc, char *argv[])
{
	struct pool pool;
	struct stat st;
	struct sigaction sa;
	sigset_t block, empty;
	char err[512];
	int ch, verbose = 0;

	memset(&pool, 0, sizeof(pool));
	pool_slots_init(&pool.slots);
	pool.config_path = config_default_path();
	pool.started_at = time(NULL);
	while ((ch = getopt(argc, argv, "c:dr")) != -1) {
		switch (ch) {
		case 'r':
			router_print_table(stdout);
			return router_check_table() == 0 ? 0 : 1;
		case 'c':
			pool.config_path = optarg;
			break;
		case 'd':
			verbose = 1;
			break;
		default:
			usage();
		}
	}
	log_init("woolly.fcgi", verbose);
	/* A route whose needs we cannot enforce must never serve. */
	if (router_check_table() == -1)
		fatalx("the route table is inconsistent; refusing to start");
	/*
	 * Descriptors 0-2 must be taken before the socket is opened, or a
	 * pool started with them closed would listen on "stdin".
	 */
	for (;;) {
		int fd = open("/dev/null", O_RDWR);

		if (fd == -1)
			fatal("/dev/null");
		if (fd > STDERR_FILENO) {
			close(fd);
			break;
		}
	}
	if (config_load(&pool.cf, pool.config_path, err, sizeof(err)) == -1)
		fatalx("%s", err);
	refuse_if_listening(pool.cf.fastcgi_socket);
	if (log_open_file(pool.cf.log_file) == -1)
		fatal("cannot open log file %s", pool.cf.log_file);
	if (FCGX_Init() != 0)
		fatalx("FCGX_Init failed");
	pool.listen_fd = open_listen_socket(&pool.cf, &pool.socket_inode);
	/* Without it workers could not tell each other of missed bumps. */
	if (page_cache_init() == -1)
		fatalx("cannot set up the page cache's shared memory");

	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = master_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGCHLD, &sa, NULL);
	sigaction(SIGALRM, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);

	/* Signals are only delivered inside sigsuspend: no lost wakeups. */
	sigemptyset(&block);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGHUP);
	sigaddset(&block, SIGCHLD);
	sigaddset(&block, SIGALRM);
	sigprocmask(SIG_BLOCK, &block, NULL);
	sigemptyset(&empty);

	refill(&pool);
	log_info("listening on %s with %d workers", pool.cf.fastcgi_socket,
	    pool.cf.workers);

	while (!got_sigterm) {
		sigsuspend(&empty);
		if (got_sigchld) {
			got_sigchld = 0;
			reap(&pool);
		}
		if (got_sighup) {
			got_sighup = 0;
			reload(&pool);
		}
		got_sigalrm = 0;
		refill(&pool);
	}
	log_info("stopping");
	stop_workers(&pool);
	/* A newer pool may already listen at the same path: leave it be. */
	if (pool.cf.fastcgi_socket[0] == '/' &&
	    stat(pool.cf.fastcgi_socket, &st) == 0 &&
	    st.st_ino == pool.socket_inode)
		unlink(pool.cf.fastcgi_socket);
	config_free(&pool.cf);
	return 0;
}
