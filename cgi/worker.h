/*
 * worker: serving one FastCGI request from accept to response.
 */
#ifndef WOOLLY_WORKER_H
#define WOOLLY_WORKER_H

#include <fcgiapp.h>

#include "request.h"

void	worker_start(struct app *);
void	worker_handle(struct app *, FCGX_Request *);
/* What waits until the answer is out: call after FCGX_Finish_r. */
void	worker_after_response(struct app *);
void	worker_cleanup(struct app *);

#endif
