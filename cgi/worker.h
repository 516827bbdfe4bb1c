/*
 * worker: serving one FastCGI request from accept to response.
 */
#ifndef WOOLLY_WORKER_H
#define WOOLLY_WORKER_H

#include <fcgiapp.h>

#include "request.h"

void	worker_handle(struct app *, FCGX_Request *);
void	worker_cleanup(struct app *);

#endif
