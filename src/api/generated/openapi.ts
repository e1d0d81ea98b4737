/**
 * generated, do not edit.
 *
 * Types for jobsim's HTTP API, generated from openapi.yaml by openapi-typescript
 * (scripts/gen-openapi-types.mjs). Change openapi.yaml, then run `npm run gen`.
 * `npm run gen:check` fails when this file is out of date.
 */

export interface paths {
    "/api/v1/jobs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get states of all jobs
         * @description "Get a list of all single jobs with their states ... The response is an array of job state objects,
         *     similar to the response received when creating a new job. Jobs that have been started within a batch
         *     are not included in this list" (public docs).
         *
         *     `documented` profile: single jobs only, and `[]` when there are none. `radix` profile (as the
         *     reference behaves): the jobs of single jobs **and** of batches, in no particular order, and the body is
         *     `null` when there are none.
         */
        get: operations["getJobs"];
        put?: never;
        /**
         * Create a single job
         * @description "Create a new job using the Docker image that Radix built for the job. Job-specific arguments can be
         *     sent in the request body." (public docs)
         *
         *     The body is optional: an empty body (0 bytes) means an empty description, i.e. a job with the job
         *     component's defaults and no payload. "payload, jobId, image, imageTagName, timeLimitSeconds,
         *     backoffLimit, failurePolicy, resources, runtime, variables, command, args are optional fields and any
         *     of them can be omitted in the request." Unknown properties are ignored.
         *
         *     Responds **200** with the job's state. `documented` profile: as in the docs, e.g.
         *     `{"name": ..., "started": "", "ended": "", "status": ...}`. `radix` profile: `status: "Waiting"`,
         *     `created`/`started`/`ended`/`updated` `null` and `"DeploymentName": ""`; no `batchName`.
         *
         *     Errors (see "Request errors" above): malformed JSON (400 documented, 422 radix); JSON that violates
         *     the schema, e.g. `"timeLimitSeconds": "10"` or `0` (422 `Invalid`);
         *     body over the server's limit (413); JSON nested deeper than 10,000 levels (malformed, as the reference's
         *     Go decoder reads it); the job component or its deployment is missing (404); a payload
         *     although the component has no `payload.path`, or a payload too large for a Secret (500 in the radix
         *     profile, as in the reference); a job whose description without its payload is over 1 MiB, too large
         *     for one Kubernetes object (413 documented; radix: the API server's refusal, 500 `Request entity too
         *     large: limit is 3145728` or `etcdserver: request is too large`, as the reference passes it on).
         */
        post: operations["createJob"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/jobs/stop": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Stop all single jobs
         * @description Stops every stoppable job of every unfinished single job of this job component. Finished jobs are
         *     skipped silently. Not in the public docs; the reference has it.
         *
         *     The reference answers `"all jobs where successfully stopped"` (sic, "where"); jobsim's `documented`
         *     profile may word it differently, so clients must not rely on the message text.
         *
         *     Note: `POST` is the only method of this path. `GET /api/v1/jobs/stop` is not this operation: the
         *     reference (and the radix profile) treat it as `GET /api/v1/jobs/{jobName}` with the invalid name
         *     `stop` (500); the documented profile answers 405.
         */
        post: operations["stopAllJobs"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/jobs/{jobName}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The full job name as returned in a job state's `name`, i.e. `<batchName>-<short job name>`
                 *     (e.g. `batch-compute-20230220100755-xkoxce5g-mll3kxxh`). Not pattern-checked by the contract: invalid
                 *     names get the operation's own error (see the operation).
                 * @example batch-compute-20230220100755-xkoxce5g-mll3kxxh
                 */
                jobName: components["parameters"]["JobName"];
            };
            cookie?: never;
        };
        /**
         * Get the state of a job
         * @description "To get state for a specific job (single or one within a batch) ... send a GET request to
         *     http://compute:8000/api/v1/jobs/{jobName}. The response is a single job state object" (public docs).
         *
         *     Works for single jobs and for jobs of batches (full job name `<batchName>-<jobName>`).
         *     Errors: the batch part of the name does not exist (404). The batch exists but has no such job: 404 in
         *     the documented profile, 500 `"not found"` in the radix profile. A name without `-`: 500 in the radix
         *     profile (`"job <name> is not a valid job name"`), 404 or 422 in the documented profile.
         */
        get: operations["getJob"];
        put?: never;
        post?: never;
        /**
         * Delete a single job
         * @description "A successful deletion will respond with result object. Only single job can be deleted with this
         *     method" (public docs). Deleting removes the job, its Kubernetes objects and its payload.
         *
         *     Errors: no such job (404); the name is not a valid job name, or names a job of a multi-job batch (422
         *     `Invalid`, `"<name> is invalid: not a single job"`).
         */
        delete: operations["deleteJob"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/jobs/{jobName}/stop": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The full job name as returned in a job state's `name`, i.e. `<batchName>-<short job name>`
                 *     (e.g. `batch-compute-20230220100755-xkoxce5g-mll3kxxh`). Not pattern-checked by the contract: invalid
                 *     names get the operation's own error (see the operation).
                 * @example batch-compute-20230220100755-xkoxce5g-mll3kxxh
                 */
                jobName: components["parameters"]["JobName"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Stop a job
         * @description "A successful stop will respond with result object. Only single job can be stopped with this method.
         *     Stop of a job automatically deletes corresponding Kubernetes job and its replica, as well as its log.
         *     The job will get the status "Stopped"." (public docs). The reference also stops a job of a multi-job
         *     batch through this route (full job name).
         *
         *     Messages: documented profile `"job <name> successfully stopped"`; radix profile
         *     `"job <name> was successfully stopped"`.
         *
         *     Errors: the job has already finished (Succeeded, Failed, Stopped) or its batch is completed (400
         *     `BadRequest`, `"cannot stop the job ... with the status ..."`); no such job or batch (404); a name
         *     without `-` (500 in the radix profile).
         */
        post: operations["stopJob"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/batches": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get states of all batches
         * @description "Get a list of all batches with their states ... The response is an array of batch state objects,
         *     similar to the response received when creating a new batch" (public docs).
         *
         *     Lists the multi-job batches of this job component (not single jobs). Empty list: `[]` in the
         *     documented profile, `null` in the radix profile.
         */
        get: operations["getBatches"];
        put?: never;
        /**
         * Create a batch of jobs
         * @description "Create a new batch of single jobs, using the Docker image, that Radix built for the job component.
         *     Job-specific arguments can be sent in the request body, specified individually for each item in
         *     jobScheduleDescriptions with default values defined in defaultRadixJobComponentConfig." (public docs)
         *
         *     "A parameter defined in a jobScheduleDescriptions item overrides the same parameter in
         *     defaultRadixJobComponentConfig and on a job component or its environmentConfig levels. variables
         *     defined in defaultRadixJobComponentConfig and/or in jobScheduleDescriptions items are combined and add
         *     or override variables configured for a job component."
         *
         *     `jobScheduleDescriptions` is required and must not be empty (422, reference message
         *     `"BatchScheduleDescription is invalid: empty job description list "`; an empty request body gets the
         *     same answer, which is why the request body is not marked required). Unknown properties are ignored.
         *     Other errors as for `createJob`.
         *
         *     Responds **200** with the batch's state. `documented` profile: `name` is the batch name, `batchName`
         *     repeats it (the docs tell clients to read `batchName` from this response), `jobStatuses` lists the
         *     jobs. `radix` profile: `status: "Waiting"`, `created` set, `started`/`ended`/`updated` `null`,
         *     `batchType: "batch"`, `DeploymentName`, and `jobStatuses` with every job `Waiting`, in request order;
         *     no `batchName`.
         */
        post: operations["createBatch"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/batches/stop": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Stop all batches
         * @description Stops every stoppable job of every unfinished multi-job batch of this job component. Finished jobs and
         *     completed batches are skipped silently. Not in the public docs; the reference has it and answers
         *     `"batches successfully stopped"`.
         */
        post: operations["stopAllBatches"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/batches/{batchName}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The batch name as returned in a batch state's `name` (e.g. `batch-compute-20220302155333-hrwl53mw`).
                 * @example batch-compute-20220302155333-hrwl53mw
                 */
                batchName: components["parameters"]["BatchName"];
            };
            cookie?: never;
        };
        /**
         * Get the state of a batch
         * @description "The response is a batch state object, with states of its jobs and their replicas (pods) statuses."
         *     (public docs). "If the job's replica failed and job-component has backoffLimit greater then 0,
         *     podStatus contains exitCode and reason for failed pods. podIndex gives an order of pod statuses
         *     (starting from 0)".
         *
         *     The reference also returns a single job's batch here, with `batchType: "job"`.
         */
        get: operations["getBatch"];
        put?: never;
        post?: never;
        /**
         * Delete a batch
         * @description "A successful deletion will respond with result object. Deleting of a batch job automatically deletes
         *     all jobs, belonging to this batch job." (public docs). The reference deletes single jobs' batches
         *     through this route too.
         */
        delete: operations["deleteBatch"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/batches/{batchName}/stop": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The batch name as returned in a batch state's `name` (e.g. `batch-compute-20220302155333-hrwl53mw`).
                 * @example batch-compute-20220302155333-hrwl53mw
                 */
                batchName: components["parameters"]["BatchName"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Stop a batch
         * @description "A successful stop will respond with result object. Stop of a batch automatically deletes all batch
         *     Kubernetes jobs and their replicas, belonging to this batch job, as well as their logs. All not
         *     completed jobs will get the status "Stopped"." (public docs)
         *
         *     Finished jobs are skipped without error; 200 also when nothing needed stopping. Errors: no such
         *     multi-job batch (404); the batch is completed (400 `"cannot stop the batch <name> with the status
         *     Completed"`).
         */
        post: operations["stopBatch"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/batches/{batchName}/jobs/{jobName}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The batch name as returned in a batch state's `name` (e.g. `batch-compute-20220302155333-hrwl53mw`).
                 * @example batch-compute-20220302155333-hrwl53mw
                 */
                batchName: components["parameters"]["BatchName"];
                /**
                 * @description The **full** name of a job of the batch, as in the job state's `name`.
                 * @example batch-compute-20220302155333-hrwl53mw-fjhcqwj7
                 */
                jobName: components["parameters"]["BatchJobFullName"];
            };
            cookie?: never;
        };
        /**
         * Get the state of a job of a batch
         * @description Returns the state of one job of a batch; `jobName` is the **full** job name. Not in the public docs;
         *     the reference has it (without event-derived messages). Errors: no such batch (404); the batch has no
         *     such job (404 in the documented profile, 500 `"not found"` in the radix profile).
         */
        get: operations["getBatchJob"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/batches/{batchName}/jobs/{jobName}/stop": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The batch name as returned in a batch state's `name` (e.g. `batch-compute-20220302155333-hrwl53mw`).
                 * @example batch-compute-20220302155333-hrwl53mw
                 */
                batchName: components["parameters"]["BatchName"];
                /**
                 * @description The job of the batch. `documented` profile: the full job name (as in the public docs) or the short
                 *     name. `radix` profile: the short name only (the part after `<batchName>-`, e.g. `fjhcqwj7`).
                 */
                jobName: components["parameters"]["BatchJobNameForStop"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Stop a job of a batch
         * @description "A successful stop will respond with result object. Stop of a batch job automatically deletes
         *     corresponding Kubernetes job and its replica, as well as its log. The job will get the status
         *     "Stopped"." (public docs)
         *
         *     `jobName`: the docs pass the **full** job name; the reference (v1.126.1) accepts only the **short**
         *     name (the part after the batch name) and answers 404 for the full name. The documented profile accepts
         *     both, the radix profile only the short name.
         *
         *     Errors: the job has finished or the batch is completed (400); no such batch or job (404).
         */
        post: operations["stopBatchJob"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/readyz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Readiness check
         * @description Whether the engine can accept and progress work now: 200 with the checks made, or 503
         *     `ServiceUnavailable` whose message names each failing check. On the simulator: the virtual clock is
         *     valid and not at its end (9999-12-31T23:59:59Z, where nothing due later can run), and no run of
         *     due work has been stuck for more than 10 s of wall time (a task that never settles). On the
         *     kubernetes backend: the API server answers (checked at most every 5 s) and every watch-fed cache
         *     is listed and watching. While shutting down: 503. jobsim only; the reference has no health route.
         */
        get: operations["getReadiness"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/healthz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Liveness check
         * @description Answers 200 `{"status":"ok"}` whenever the process and its event loop answer: liveness only (a
         *     cluster that cannot be reached does not make it fail; see `/readyz`). jobsim only; the reference
         *     has no health route.
         */
        get: operations["getHealth"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sim/v1/clock": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get the virtual clock
         * @description The simulator's virtual clock and its event queue. Clients detect the simulator by this route
         *     answering 200 (other backends answer 404).
         */
        get: operations["getClock"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sim/v1/clock/advance": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Advance the virtual clock
         * @description Advances virtual time and processes every event that falls due, in (time, sequence) order. The body
         *     gives exactly one of:
         *
         *     * `{"seconds": N}`: advance by N seconds (decimals allowed, 0 processes events due now);
         *     * `{"toNextEvent": true}`: advance to the next scheduled event and process it (and any other event at
         *       the same instant); no-op when no event is pending;
         *     * `{"untilIdle": true}`: same as `POST /sim/v1/clock/run-until-idle`.
         *
         *     Works in every clock mode. Errors: invalid body (422); `seconds` that would move the clock past
         *     9999-12-31T23:59:59Z (422 naming `seconds`): the virtual clock ends there, and work due later never
         *     runs (a deadline or run time beyond it never fires); running until idle hit the horizon bound (a
         *     runaway loop, 409 with a message saying so).
         */
        post: operations["advanceClock"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sim/v1/clock/run-until-idle": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Run the simulation until idle
         * @description Advances virtual time event by event until no scheduled event remains. A pod stuck Pending for lack
         *     of capacity does not keep the simulation busy, nor does work due after 9999-12-31T23:59:59Z (the end
         *     of the virtual clock; it never runs). A horizon bound (30 virtual days) stops a runaway loop with 409
         *     `Conflict`. No request body.
         */
        post: operations["runUntilIdle"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sim/v1/clock/pause": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Pause the virtual clock
         * @description In `real` and `scaled` modes, stops following the wall clock: time then moves only by
         *     `POST /sim/v1/clock/advance`, and `mode` reads `manual` until `POST /sim/v1/clock/resume`. No-op in
         *     `manual` mode or when already paused. No request body.
         */
        post: operations["pauseClock"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sim/v1/clock/resume": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Resume a paused virtual clock
         * @description Follows the wall clock again (at the scale the server was started with) from the current virtual
         *     time. No-op unless paused. No request body.
         */
        post: operations["resumeClock"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sim/v1/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get the simulation event log
         * @description The simulator's event log, in sequence order. The same seed, configuration and request sequence give
         *     a byte-identical log.
         *
         *     `format=json` (default): an `EventLog` object. `format=jsonl`: the log as JSON lines
         *     (`application/x-ndjson`, one event object per line, each line ending in `\n`), with the header
         *     `X-Event-Log-Sha256`.
         *
         *     The sha256 (field `sha256` or header) is always the lowercase hex SHA-256 of the UTF-8 bytes of the
         *     **full** log in JSON-lines form, i.e. of the body of `GET /sim/v1/events?format=jsonl` without
         *     `since`; it does not depend on `since`.
         */
        get: operations["getEvents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sim/v1/reset": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Reset the simulator
         * @description Discards all simulated state (batches, jobs, pods, events, faults) and returns the simulator to its
         *     start state with the configured seed, clock mode and nodes. No request body.
         */
        post: operations["resetSim"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sim/v1/nodes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List the simulated nodes
         * @description Every node with its labels, taints, cordon state, capacity, allocatable (capacity minus what `nodeShortage` faults took) and what its unfinished pods request.
         */
        get: operations["listSimNodes"];
        put?: never;
        /**
         * Add a node
         * @description Adds a node; pending pods that fit are bound to it at once. A body that breaks the schema is refused like any other (422 in the documented profile); 400 for a node the schema admits but the simulator cannot use (e.g. a malformed quantity); 409 when the name is taken.
         */
        post: operations["addSimNode"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sim/v1/nodes/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Remove a node (node loss)
         * @description The node disappears. Its unfinished pods fail (phase Failed, reason NodeLost, condition DisruptionTarget, container exit code 137) and their Jobs replace them as their backoffLimit and podFailurePolicy say.
         */
        delete: operations["deleteSimNode"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sim/v1/nodes/{name}/cordon": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Cordon a node
         * @description Marks the node unschedulable (`kubectl cordon`); running pods stay. No request body.
         */
        post: operations["cordonSimNode"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sim/v1/nodes/{name}/uncordon": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Uncordon a node
         * @description Makes the node schedulable again (`kubectl uncordon`). No request body.
         */
        post: operations["uncordonSimNode"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sim/v1/faults": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List the faults
         * @description Every fault injected and not deleted, scheduled, active or ended, with how often it took effect.
         */
        get: operations["listSimFaults"];
        put?: never;
        /**
         * Inject a fault
         * @description Injects a fault now, or at virtual second `at` counted from the simulation's start; it ends after
         *     `durationSeconds` if given (a lost node comes back, taken capacity is returned). Types: `nodeLoss`,
         *     `nodeShortage`, `imagePullFailure`, `containerCrash`, `oom`, `api`, `apiLatency`, `receiverDown`. See `SimFaultRequest`. A body that
         *     breaks the schema is refused like any other (422 in the documented profile); 400 for a fault the schema
         *     admits but that is incomplete (e.g. `nodeLoss` without `node`), or a `nodeLoss` taking effect now of a
         *     node that does not exist.
         */
        post: operations["injectSimFault"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sim/v1/faults/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Delete a fault
         * @description Ends the fault if it is active (its effect is undone where that means something) and forgets it.
         */
        delete: operations["deleteSimFault"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/jobsim/v1/watch": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Watch changes of batches and jobs (Server-Sent Events)
         * @description A jobsim extension (not part of the Radix API), served by both backends; see docs/watch.md. The
         *     response is an endless `text/event-stream`. Events:
         *
         *     * `hello` `{epoch}`: first event of a fresh stream; read the current state after it.
         *     * `batch` `{batch, jobs?, jobsTruncated?}`: a batch (or single job, `batch.type` `job`) changed.
         *       `batch` is its summary (status and job counts by status); `jobs` the rows of the jobs that changed
         *       since the previous event about it, or `jobsTruncated: true` when more than 200 did. Changes are
         *       coalesced: at most one event per batch per 250 ms.
         *     * `batchDeleted` `{name}`.
         *     * `sim` `{from, to, events}` (simulator only): event log lines `from`..`to` were written; `events`
         *       holds the newest of them (at most 50).
         *     * `clock` `{now, mode, pendingEvents, nextEventAt}` (simulator only): the virtual clock moved.
         *     * `resync` `{reason}`: events were lost (the client fell too far behind, the id given to resume
         *       from is unknown or too old, or the simulator was reset): read the current state again.
         *
         *     Every event has an `id`. To resume after a disconnect send it back as the `Last-Event-ID` header
         *     (browsers' EventSource does so by itself) or the `lastEventId` query parameter: the missed events
         *     follow, or a `resync`.
         */
        get: operations["watchChanges"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /**
         * JobScheduleDescription
         * @description Description of one job to schedule: the body of `POST /api/v1/jobs` and each item of a batch's
         *     `jobScheduleDescriptions`. The RadixJobComponentConfig fields are flattened into it. All fields are
         *     optional. Unknown properties are allowed and ignored (as in the reference).
         */
        JobScheduleDescription: {
            /**
             * @description The job's payload, **a string** (not a JSON object), mounted as the file `payload` in the job
             *     component's `payload.path` directory. Trimmed of surrounding whitespace; blank means no payload.
             * @example {"x": 10, "y": 20}
             */
            payload?: string;
            /**
             * @description Optional free-text ID of the job, echoed back as `jobId` in its state. Never interpreted.
             * @example my-job-1
             */
            jobId?: string;
        } & components["schemas"]["RadixJobComponentConfig"];
        /**
         * RadixJobComponentConfig
         * @description Job settings that override the job component's configuration (the type of
         *     `defaultRadixJobComponentConfig`, and flattened into JobScheduleDescription). All fields are optional.
         *     Unknown properties are allowed and ignored.
         */
        RadixJobComponentConfig: {
            resources?: components["schemas"]["Resources"];
            node?: components["schemas"]["Node"];
            /**
             * Format: int64
             * @description "Maximum job run time", in seconds. The reference puts it on the pod (`activeDeadlineSeconds`), so
             *     it applies to **each attempt**; a retry gets a fresh deadline. Kubernetes refuses a pod whose
             *     `activeDeadlineSeconds` is above 2147483647: the documented profile answers 422 for such a value;
             *     the radix profile accepts it as the reference does (its CRD takes any int64) and the job stays
             *     `Waiting`, since its Kubernetes Job can never be created.
             * @example 120
             */
            timeLimitSeconds?: number;
            /**
             * Format: int32
             * @description Number of retries of a failed job (Kubernetes Job `backoffLimit`).
             * @example 10
             */
            backoffLimit?: number;
            /** @description Whether the cluster autoscaler may evict the job's pod during node scale-down. If not set, decided by `timeLimitSeconds`. */
            safeToRestart?: boolean;
            failurePolicy?: components["schemas"]["FailurePolicy"];
            /** @description "image field allows to alter specific job's image" (public docs). */
            image?: string;
            /**
             * @description "imageTagName field allows to replace an image tag for specific job" (public docs).
             * @example 1.0.0
             */
            imageTagName?: string;
            runtime?: components["schemas"]["Runtime"];
            variables?: components["schemas"]["EnvVars"];
            /**
             * @description "sets or overrides ENTRYPOINT directive array in a docker image" (public docs). An empty array `[]`
             *     is meaningful: it clears the job component's command.
             * @example [
             *       "./run.sh"
             *     ]
             */
            command?: string[];
            /**
             * @description "sets or overrides CMD directive array in a docker image" (public docs). An empty array `[]` clears the job component's args.
             * @example [
             *       "--input",
             *       "/data/input.json"
             *     ]
             */
            args?: string[];
            /**
             * Format: int64
             * @description User ID to run the container as.
             */
            runAsUser?: number;
        };
        /**
         * BatchScheduleDescription
         * @description The body of `POST /api/v1/batches`. Unknown properties are allowed and ignored.
         */
        BatchScheduleDescription: {
            /**
             * @description "an optional string, where any value can be put. Radix does not process it." Echoed back as the
             *     batch's `batchId`.
             * @example random-batch-id-123
             */
            batchId?: string;
            defaultRadixJobComponentConfig?: components["schemas"]["RadixJobComponentConfig"];
            /** @description The jobs of the batch, in order. Required and not empty. */
            jobScheduleDescriptions: components["schemas"]["JobScheduleDescription"][];
        };
        /**
         * Resources
         * @description Resource limits and requests of the job's container, maps from resource name (normally `cpu`,
         *     `memory`) to a Kubernetes quantity string (e.g. `"300m"`, `"32Mi"`).
         *
         *     Additional keys are allowed: the public docs' batch example nests `runtime` and `variables` inside
         *     `resources`, and every documented request must be accepted. The reference ignores such keys (only the
         *     top-level `runtime` and `variables` take effect); so does jobsim.
         */
        Resources: {
            limits?: components["schemas"]["ResourceList"];
            requests?: components["schemas"]["ResourceList"];
        };
        /**
         * ResourceList
         * @description Resource name to Kubernetes quantity string. Values must be strings.
         * @example {
         *       "memory": "32Mi",
         *       "cpu": "300m"
         *     }
         */
        ResourceList: {
            [key: string]: string;
        };
        /**
         * Node
         * @deprecated
         * @description Deprecated (superseded by `runtime.nodeType`). GPU node selection.
         */
        Node: {
            /** @description Comma-separated list of allowed GPU types. */
            gpu?: string;
            /** @description Minimum number of GPUs, as a number in a string. */
            gpuCount?: string;
        };
        /**
         * Runtime
         * @description Where the job's pod runs.
         */
        Runtime: {
            /**
             * @description CPU architecture of the node.
             * @enum {string}
             */
            architecture?: "amd64" | "arm64" | "";
            /**
             * @description Node type (pool) to run on, e.g. `memory-optimized-2-v1`.
             * @example memory-optimized-2-v1
             */
            nodeType?: string;
        };
        /**
         * EnvVars
         * @description Environment variables (name to value) that add to or override the job component's variables. Values must be strings.
         * @example {
         *       "TRAINING_EPOCHS": "10"
         *     }
         */
        EnvVars: {
            [key: string]: string;
        };
        /**
         * FailurePolicy
         * @description How failed job replicas (attempts) influence the backoffLimit. Rules are evaluated in order; the first matching rule applies.
         */
        FailurePolicy: {
            rules: components["schemas"]["FailurePolicyRule"][];
        };
        /** FailurePolicyRule */
        FailurePolicyRule: {
            /**
             * @description `FailJob`: mark the job Failed and terminate its running pods. `Ignore`: do not count the failure
             *     towards backoffLimit; create a replacement. `Count`: count it towards backoffLimit (the default).
             * @enum {string}
             */
            action: "FailJob" | "Ignore" | "Count";
            onExitCodes: components["schemas"]["FailurePolicyRuleOnExitCodes"];
        };
        /** FailurePolicyRuleOnExitCodes */
        FailurePolicyRuleOnExitCodes: {
            /**
             * @description How the replica's exit code is compared with `values`. Exit code 0 never matches.
             * @enum {string}
             */
            operator: "In" | "NotIn";
            /** @description Exit codes, unique, each >= 0. (Kubernetes rejects `0` with `In`; the reference only notices at reconcile time.) */
            values: number[];
        };
        /**
         * Timestamp
         * @description An RFC 3339 date-time (the reference writes UTC with second precision, e.g. `2026-08-21T09:26:49Z`),
         *     or, when unset, `""` (documented profile) or `null` (radix profile).
         */
        Timestamp: string | "" | null;
        /**
         * JobStatusValue
         * @description Status of a job. `Waiting`: not started yet. `Active`: has a replica that is not ready (e.g. cannot be
         *     scheduled; "this status can remain forever"). `Running`. `Succeeded`: exit code 0. `Failed`.
         *     `Stopping`: stop requested, not yet processed. `Stopped`.
         * @enum {string}
         */
        JobStatusValue: "Waiting" | "Active" | "Running" | "Succeeded" | "Failed" | "Stopping" | "Stopped";
        /**
         * BatchStatusValue
         * @description Status of a batch (the full API status enum). Documented profile: `Waiting`, `Running`, then
         *     `Succeeded`, `Failed` (if any job failed) or `Stopped` when all jobs ended. Radix profile: `Waiting`,
         *     `Active` or `Completed`, unless the component's `batchStatusRules` map it to another value. A single
         *     job's batch (`batchType: "job"`) reports its job's status.
         * @enum {string}
         */
        BatchStatusValue: "Running" | "Succeeded" | "Failed" | "Waiting" | "Stopping" | "Stopped" | "Active" | "Completed";
        /**
         * JobStatus
         * @description The state of a job. Key differences between profiles: unset times are `""` (documented) or `null`
         *     (radix); `batchName` is present for jobs of a batch in the documented profile only; the
         *     `DeploymentName` key (capitalised) is sent by the radix profile only.
         */
        JobStatus: {
            /**
             * @description The `jobId` given at creation, if any.
             * @example my-job-1
             */
            jobId?: string;
            /** @description The name of the job's batch. Documented profile only, for jobs of a (multi-job) batch. */
            batchName?: string;
            /** @description Never set on jobs by the reference; allowed for symmetry with BatchStatus. */
            batchId?: string;
            /**
             * @description "the unique name for the job. This is the value to be used in the GET /api/v1/jobs/{jobName} and
             *     DELETE /api/v1/jobs/{jobName} methods." (public docs). Full job name `<batchName>-<short name>`.
             * @example batch-compute-20230220100755-xkoxce5g-mll3kxxh
             */
            name: string;
            created?: components["schemas"]["Timestamp"];
            started?: components["schemas"]["Timestamp"];
            ended?: components["schemas"]["Timestamp"];
            status: components["schemas"]["JobStatusValue"];
            /**
             * @description Why the job is in its status (job condition message, or the last pod event).
             * @example Job has reached the specified backoff limit
             */
            message?: string;
            updated?: components["schemas"]["Timestamp"];
            /**
             * Format: int32
             * @description Number of failed attempts (pods). Omitted when 0 in the radix profile.
             */
            failed?: number;
            /** @description RFC 3339 time of the last restart applied (restarts are done outside this API). */
            restart?: string;
            /** @description One entry per attempt (pod) of the job. */
            podStatuses?: components["schemas"]["PodStatus"][];
            /** @description Radix profile only; the key is capitalised as in the reference. Always `""` on jobs. */
            DeploymentName?: string;
        };
        /**
         * BatchStatus
         * @description The state of a batch: every JobStatus key (batch-level values) plus `jobStatuses` and `batchType`.
         *     `name` is the batch name. Documented profile: `batchName` repeats the batch name (the docs tell
         *     clients to read `batchName` from the create response), unset times are `""`. Radix profile: no
         *     `batchName`, unset times are `null`, `DeploymentName` is the Radix deployment's name.
         */
        BatchStatus: {
            /** @description Not used on batches. */
            jobId?: string;
            /**
             * @description Documented profile only; the batch name (same as `name`).
             * @example batch-compute-20220302170647-6ytkltvk
             */
            batchName?: string;
            /**
             * @description The `batchId` given at creation, if any. Not set on a single job's batch.
             * @example random-batch-id-123
             */
            batchId?: string;
            /**
             * @description The batch name, to be used in the `/api/v1/batches/{batchName}` routes.
             * @example batch-compute-20220302155333-hrwl53mw
             */
            name: string;
            created?: components["schemas"]["Timestamp"];
            started?: components["schemas"]["Timestamp"];
            ended?: components["schemas"]["Timestamp"];
            status: components["schemas"]["BatchStatusValue"];
            /** @description Why the batch is in its status. */
            message?: string;
            updated?: components["schemas"]["Timestamp"];
            /**
             * Format: int32
             * @description Not used on batches.
             */
            failed?: number;
            /** @description Not used on batches. */
            restart?: string;
            /** @description Not used on batches. */
            podStatuses?: components["schemas"]["PodStatus"][];
            /** @description Radix profile only; the Radix deployment that ran the batch. */
            DeploymentName?: string;
            /** @description The states of the batch's jobs, in request order. */
            jobStatuses?: components["schemas"]["JobStatus"][];
            /**
             * @description `batch` for a batch, `job` for the batch that holds a single job.
             * @enum {string}
             */
            batchType?: "batch" | "job";
        };
        /**
         * PodStatus
         * @description The state of one attempt (pod) of a job.
         */
        PodStatus: {
            /** @description Pod name. */
            name: string;
            /**
             * Format: date-time
             * @description Pod creation time (the radix profile sends the batch's creation time, as the reference does).
             */
            created?: string;
            /**
             * Format: date-time
             * @description When the container started.
             */
            startTime?: string;
            /**
             * Format: date-time
             * @description When the container finished.
             */
            endTime?: string;
            /**
             * Format: date-time
             * @description When the container started (equal to `startTime`).
             */
            containerStarted?: string;
            replicaStatus: components["schemas"]["ReplicaStatus"];
            /** @description Message about the container's state. */
            statusMessage?: string;
            /**
             * Format: int32
             * @description Container restarts inside the pod (0 in practice; restartPolicy is Never).
             */
            restartCount?: number;
            /**
             * @description The image the container runs.
             * @example radixprod.azurecr.io/radix-app-dev-compute:6k8vv
             */
            image?: string;
            /** @description Image ID (digest) of the container's image. */
            imageId?: string;
            /** @description "podIndex gives an order of pod statuses (starting from 0)" (public docs). Omitted when 0. */
            podIndex?: number;
            /**
             * Format: int32
             * @description Exit code of the container's last termination; 0 if it has not terminated.
             */
            exitCode: number;
            /**
             * @description CamelCase reason of the container's termination, e.g. `Completed`, `Error`, `OOMKilled`.
             * @example Completed
             */
            reason?: string;
        };
        /** ReplicaStatus */
        ReplicaStatus: {
            /**
             * @description Status of the replica (pod).
             * @enum {string}
             */
            status: "Pending" | "Running" | "Succeeded" | "Failed" | "Stopped" | "Unknown";
        };
        /**
         * JobStatusList
         * @description A list of job states. `[]` when empty in the documented profile, `null` in the radix profile.
         */
        JobStatusList: components["schemas"]["JobStatus"][] | null;
        /**
         * BatchStatusList
         * @description A list of batch states. `[]` when empty in the documented profile, `null` in the radix profile.
         */
        BatchStatusList: components["schemas"]["BatchStatus"][] | null;
        /**
         * Status
         * @description The result of a successful delete or stop.
         */
        Status: {
            /** @constant */
            status: "Success";
            /** @description What was done, e.g. `"job <name> successfully deleted"`. Wording differs between profiles. */
            message: string;
            /** @constant */
            code: 200;
        };
        /**
         * StatusReason
         * @description Machine-readable reason of an error.
         * @enum {string}
         */
        StatusReason: "BadRequest" | "NotFound" | "Invalid" | "InternalError" | "MethodNotAllowed" | "RequestEntityTooLarge" | "UnsupportedMediaType" | "Conflict" | "TooManyRequests" | "ServiceUnavailable";
        /**
         * ErrorStatus
         * @description Every error response. `code` equals the HTTP status.
         */
        ErrorStatus: {
            /** @constant */
            status: "Failure";
            /** @description Human-readable error, e.g. `"radixbatches <name> not found"`. */
            message: string;
            reason: components["schemas"]["StatusReason"];
            /** @description The HTTP status code. */
            code: number;
        };
        /** Health */
        Health: {
            /** @constant */
            status: "ok";
        };
        /**
         * Readiness
         * @description The checks `/readyz` made, all passing.
         */
        Readiness: {
            /** @constant */
            status: "ok";
            checks: {
                name: string;
                ok: boolean;
                message?: string;
            }[];
        };
        /**
         * ClockMode
         * @description `real`: virtual time follows the wall clock. `scaled`: virtual time runs `scale` times faster than
         *     the wall clock. `manual`: virtual time moves only through the control API.
         * @enum {string}
         */
        ClockMode: "manual" | "real" | "scaled";
        /**
         * ClockState
         * @description The simulator's virtual clock and event queue.
         */
        ClockState: {
            /**
             * Format: date-time
             * @description Current virtual time.
             */
            now: string;
            mode: components["schemas"]["ClockMode"];
            /** @description Virtual seconds per wall-clock second: 1 for `real`, N for `scaled`, 0 for `manual`. */
            scale: number;
            /** @description Number of scheduled events not yet processed. */
            pendingEvents: number;
            /**
             * Format: date-time
             * @description Virtual time of the next scheduled event, `null` when none.
             */
            nextEventAt: string | null;
        };
        /**
         * AdvanceClockRequest
         * @description Exactly one of `seconds`, `toNextEvent: true` or `untilIdle: true`. A flag set to `false` counts as
         *     absent. No other properties.
         */
        AdvanceClockRequest: {
            /** @description Advance virtual time by this many seconds (decimals allowed; at most 10 years in one call). */
            seconds?: number;
            /** @description Advance to the next scheduled event. */
            toNextEvent?: boolean;
            /** @description Advance until no scheduled event remains. */
            untilIdle?: boolean;
        } & ({
            seconds: number;
        } | {
            /** @constant */
            toNextEvent: true;
        } | {
            /** @constant */
            untilIdle: true;
        });
        /**
         * SimEvent
         * @description One entry of the simulation event log. Events are ordered by (`at`, `seq`); `seq` is unique and
         *     increasing.
         */
        SimEvent: {
            /** @description Sequence number, unique and increasing. */
            seq: number;
            /**
             * Format: date-time
             * @description Virtual time of the event.
             */
            at: string;
            /** @description What happened, e.g. `ObjectCreated`, `PodScheduled`, `ContainerTerminated`. */
            type: string;
            /** @description Kind of the object concerned, e.g. `Pod`, `Job`, `RadixBatch`, `Node`. */
            kind?: string;
            /** @description Namespace of the object concerned. */
            namespace?: string;
            /** @description Name of the object concerned. */
            name?: string;
            /** @description Human-readable detail. */
            message?: string;
            /** @description Event-specific details. */
            data?: {
                [key: string]: unknown;
            };
        };
        /**
         * EventLog
         * @description The event log in JSON form (`GET /sim/v1/events`).
         */
        EventLog: {
            /** @description Number of events in `events` (after the `since` filter). */
            count: number;
            /** @description Lowercase hex SHA-256 of the full log in JSON-lines form (independent of `since`). */
            sha256: string;
            events: components["schemas"]["SimEvent"][];
        };
        /** SimTaint */
        SimTaint: {
            key: string;
            value?: string;
            /** @enum {string} */
            effect: "NoSchedule" | "PreferNoSchedule" | "NoExecute";
        };
        /**
         * SimNodeRequest
         * @description A node to add. `cpu` and `memory` are Kubernetes quantities; `pods` defaults to 110.
         */
        SimNodeRequest: {
            name: string;
            /** @description A positive quantity, e.g. `"4"` or `"3500m"`. */
            cpu: string;
            /** @description A positive quantity, e.g. `"16Gi"`. */
            memory: string;
            pods?: number;
            /** @description e.g. `kubernetes.io/arch`, `node.kubernetes.io/instance-type`. */
            labels?: {
                [key: string]: string;
            };
            taints?: components["schemas"]["SimTaint"][];
        };
        /**
         * SimNode
         * @description A simulated node.
         */
        SimNode: {
            name: string;
            labels: {
                [key: string]: string;
            };
            taints: components["schemas"]["SimTaint"][];
            /** @description Cordoned. */
            unschedulable: boolean;
            capacity: {
                [key: string]: string;
            };
            /** @description Capacity minus what active `nodeShortage` faults took. */
            allocatable: {
                [key: string]: string;
            };
            /** @description Requests of the unfinished pods bound to the node. */
            requested: {
                cpu: string;
                memory: string;
                pods: number;
            };
        };
        /**
         * SimPodMatch
         * @description Which pods a kubelet fault applies to; every given criterion must hold. Globs use `*` and `?`.
         */
        SimPodMatch: {
            image?: string;
            pod?: string;
            labels?: {
                [key: string]: string;
            };
        };
        /**
         * SimFaultRequest
         * @description A fault. Common fields: `type`, `at` (virtual seconds after the start; absent: now), `durationSeconds`
         *     (absent: until deleted). Per type:
         *
         *     * `nodeLoss`: `node`. Its pods fail and are replaced per their Job's policy; the node returns after `durationSeconds`.
         *     * `nodeShortage`: `cpu`, `memory` (quantities) and/or `pods` taken from `node` (absent: every node).
         *     * `imagePullFailure`: `image` (glob). Pulls fail with ErrImagePull, then ImagePullBackOff and retries (10 s doubling to 300 s).
         *     * `containerCrash`: `exitCode` (1-255), `match`, `afterSeconds` (after the container starts, default 0), `count` (most pods).
         *     * `oom`: like `containerCrash` with reason OOMKilled and exit code 137.
         *     * `api`: `verb` (create, get, list, update, updateStatus, delete or `*`), `resource` (a kind such as Job,
         *       RadixBatch, Secret, or `*`), `error` (500, 409, 429 or `"timeout"`), `fraction` (0-1] of matching
         *       requests drawn from the seeded random stream, `count` (most requests). A timeout is an error (504)
         *       after which the request may or may not have been applied.
         *     * `apiLatency`: `verb`, `resource`, `fraction`, `count` as for `api`; `latencySeconds` (above 0, at most
         *       3600): matching requests reach the cluster that much virtual time late, then proceed as usual. Under
         *       `--clock manual` such a request is answered only once the clock is advanced past it.
         *     * `receiverDown`: `url` (glob; absent: every URL), `status` (400-599; absent: the connection is
         *       refused), `count`. Webhook deliveries to matching receivers fail without being sent, and the
         *       sender retries them (0.5 s doubling, on the virtual clock) or drops them after 10 attempts.
         */
        SimFaultRequest: {
            /** @enum {string} */
            type: "nodeLoss" | "nodeShortage" | "imagePullFailure" | "containerCrash" | "oom" | "api" | "apiLatency" | "receiverDown";
            /** @description Virtual seconds after the simulation's start (at most 10 years); absent means now. */
            at?: number;
            /** @description The fault ends by itself after this many seconds (at most 10 years); absent means until deleted. */
            durationSeconds?: number;
            node?: string;
            /** @description A quantity, e.g. `"2"`, `"500m"`. */
            cpu?: string;
            /** @description A quantity, e.g. `"4Gi"`. */
            memory?: string;
            pods?: number;
            image?: string;
            match?: components["schemas"]["SimPodMatch"];
            exitCode?: number;
            afterSeconds?: number;
            count?: number;
            /** @enum {string} */
            verb?: "create" | "get" | "list" | "update" | "updateStatus" | "delete" | "*";
            resource?: string;
            error?: (500 | 409 | 429) | "timeout";
            fraction?: number;
            latencySeconds?: number;
            url?: string;
            status?: number;
        } & (unknown & unknown & unknown & unknown & unknown & unknown);
        /**
         * SimFault
         * @description An injected fault (the fields of its `SimFaultRequest`) with its id, state, the number of times it took effect, and when it started and ended.
         */
        SimFault: {
            id: string;
            /** @enum {string} */
            type: "nodeLoss" | "nodeShortage" | "imagePullFailure" | "containerCrash" | "oom" | "api" | "apiLatency" | "receiverDown";
            /** @enum {string} */
            state: "scheduled" | "active" | "ended";
            hits: number;
            /**
             * Format: date-time
             * @description When it became active (virtual time); absent while scheduled.
             */
            startedAt?: string;
            /**
             * Format: date-time
             * @description When it ended (virtual time; recovered, used up by its count, or deleted); absent before.
             */
            endedAt?: string;
        } & {
            [key: string]: unknown;
        };
    };
    responses: {
        /** @description `Conflict`: the object already exists. */
        SimConflict: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorStatus"];
            };
        };
        /**
         * @description `BadRequest`. Stopping a job or batch that has already finished ("cannot stop the job ... with the
         *     status ..."); in the documented profile also a body that is not valid JSON; an invalid query
         *     parameter.
         */
        BadRequest: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorStatus"];
            };
        };
        /** @description `NotFound`. The job, batch, job component or route does not exist. */
        NotFound: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorStatus"];
            };
        };
        /** @description `RequestEntityTooLarge`. The request body exceeds the server's size limit. */
        PayloadTooLarge: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorStatus"];
            };
        };
        /** @description `UnsupportedMediaType`. The request body is not `application/json`. */
        UnsupportedMediaType: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorStatus"];
            };
        };
        /**
         * @description `Invalid`. A body that violates the request schema (wrong type such as `"timeLimitSeconds": "10"`,
         *     out of range such as `timeLimitSeconds: 0`, an empty batch), an invalid or non-single job name on
         *     delete; in the radix profile also a body that is not valid JSON. On the simulator: an advance that
         *     would move the clock past 9999-12-31T23:59:59Z.
         */
        Invalid: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorStatus"];
            };
        };
        /**
         * @description `InternalError`. A server or cluster error. The radix profile also uses 500 where the reference does:
         *     an invalid job name on get/stop, a job missing from an existing batch (`"not found"`), payload errors.
         */
        InternalError: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorStatus"];
            };
        };
        /**
         * @description Any other error (e.g. 405 `MethodNotAllowed`, 409 `Conflict`, 429 `TooManyRequests`, 503
         *     `ServiceUnavailable`), always an ErrorStatus.
         */
        Error: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorStatus"];
            };
        };
    };
    parameters: {
        /** @description The node's name. */
        SimNodeName: string;
        /**
         * @description The full job name as returned in a job state's `name`, i.e. `<batchName>-<short job name>`
         *     (e.g. `batch-compute-20230220100755-xkoxce5g-mll3kxxh`). Not pattern-checked by the contract: invalid
         *     names get the operation's own error (see the operation).
         * @example batch-compute-20230220100755-xkoxce5g-mll3kxxh
         */
        JobName: string;
        /**
         * @description The batch name as returned in a batch state's `name` (e.g. `batch-compute-20220302155333-hrwl53mw`).
         * @example batch-compute-20220302155333-hrwl53mw
         */
        BatchName: string;
        /**
         * @description The **full** name of a job of the batch, as in the job state's `name`.
         * @example batch-compute-20220302155333-hrwl53mw-fjhcqwj7
         */
        BatchJobFullName: string;
        /**
         * @description The job of the batch. `documented` profile: the full job name (as in the public docs) or the short
         *     name. `radix` profile: the short name only (the part after `<batchName>-`, e.g. `fjhcqwj7`).
         */
        BatchJobNameForStop: string;
    };
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type SchemaJobScheduleDescription = components['schemas']['JobScheduleDescription'];
export type SchemaRadixJobComponentConfig = components['schemas']['RadixJobComponentConfig'];
export type SchemaBatchScheduleDescription = components['schemas']['BatchScheduleDescription'];
export type SchemaResources = components['schemas']['Resources'];
export type SchemaResourceList = components['schemas']['ResourceList'];
export type SchemaNode = components['schemas']['Node'];
export type SchemaRuntime = components['schemas']['Runtime'];
export type SchemaEnvVars = components['schemas']['EnvVars'];
export type SchemaFailurePolicy = components['schemas']['FailurePolicy'];
export type SchemaFailurePolicyRule = components['schemas']['FailurePolicyRule'];
export type SchemaFailurePolicyRuleOnExitCodes = components['schemas']['FailurePolicyRuleOnExitCodes'];
export type SchemaTimestamp = components['schemas']['Timestamp'];
export type SchemaJobStatusValue = components['schemas']['JobStatusValue'];
export type SchemaBatchStatusValue = components['schemas']['BatchStatusValue'];
export type SchemaJobStatus = components['schemas']['JobStatus'];
export type SchemaBatchStatus = components['schemas']['BatchStatus'];
export type SchemaPodStatus = components['schemas']['PodStatus'];
export type SchemaReplicaStatus = components['schemas']['ReplicaStatus'];
export type SchemaJobStatusList = components['schemas']['JobStatusList'];
export type SchemaBatchStatusList = components['schemas']['BatchStatusList'];
export type SchemaStatus = components['schemas']['Status'];
export type SchemaStatusReason = components['schemas']['StatusReason'];
export type SchemaErrorStatus = components['schemas']['ErrorStatus'];
export type SchemaHealth = components['schemas']['Health'];
export type SchemaReadiness = components['schemas']['Readiness'];
export type SchemaClockMode = components['schemas']['ClockMode'];
export type SchemaClockState = components['schemas']['ClockState'];
export type SchemaAdvanceClockRequest = components['schemas']['AdvanceClockRequest'];
export type SchemaSimEvent = components['schemas']['SimEvent'];
export type SchemaEventLog = components['schemas']['EventLog'];
export type SchemaSimTaint = components['schemas']['SimTaint'];
export type SchemaSimNodeRequest = components['schemas']['SimNodeRequest'];
export type SchemaSimNode = components['schemas']['SimNode'];
export type SchemaSimPodMatch = components['schemas']['SimPodMatch'];
export type SchemaSimFaultRequest = components['schemas']['SimFaultRequest'];
export type SchemaSimFault = components['schemas']['SimFault'];
export type ResponseSimConflict = components['responses']['SimConflict'];
export type ResponseBadRequest = components['responses']['BadRequest'];
export type ResponseNotFound = components['responses']['NotFound'];
export type ResponsePayloadTooLarge = components['responses']['PayloadTooLarge'];
export type ResponseUnsupportedMediaType = components['responses']['UnsupportedMediaType'];
export type ResponseInvalid = components['responses']['Invalid'];
export type ResponseInternalError = components['responses']['InternalError'];
export type ResponseError = components['responses']['Error'];
export type ParameterSimNodeName = components['parameters']['SimNodeName'];
export type ParameterJobName = components['parameters']['JobName'];
export type ParameterBatchName = components['parameters']['BatchName'];
export type ParameterBatchJobFullName = components['parameters']['BatchJobFullName'];
export type ParameterBatchJobNameForStop = components['parameters']['BatchJobNameForStop'];
export type $defs = Record<string, never>;
export interface operations {
    getJobs: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The jobs' states. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["JobStatusList"];
                };
            };
            400: components["responses"]["BadRequest"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            500: components["responses"]["InternalError"];
            default: components["responses"]["Error"];
        };
    };
    createJob: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description The job description. Optional; an empty body is an empty description. */
        requestBody?: {
            content: {
                "application/json": components["schemas"]["JobScheduleDescription"];
            };
        };
        responses: {
            /** @description The job was created. Body is the new job's state. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["JobStatus"];
                };
            };
            400: components["responses"]["BadRequest"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["Invalid"];
            500: components["responses"]["InternalError"];
            default: components["responses"]["Error"];
        };
    };
    stopAllJobs: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description All stoppable single jobs were stopped (also when there was nothing to stop). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Status"];
                };
            };
            400: components["responses"]["BadRequest"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            500: components["responses"]["InternalError"];
            default: components["responses"]["Error"];
        };
    };
    getJob: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The full job name as returned in a job state's `name`, i.e. `<batchName>-<short job name>`
                 *     (e.g. `batch-compute-20230220100755-xkoxce5g-mll3kxxh`). Not pattern-checked by the contract: invalid
                 *     names get the operation's own error (see the operation).
                 * @example batch-compute-20230220100755-xkoxce5g-mll3kxxh
                 */
                jobName: components["parameters"]["JobName"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The job's state. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["JobStatus"];
                };
            };
            400: components["responses"]["BadRequest"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            500: components["responses"]["InternalError"];
            default: components["responses"]["Error"];
        };
    };
    deleteJob: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The full job name as returned in a job state's `name`, i.e. `<batchName>-<short job name>`
                 *     (e.g. `batch-compute-20230220100755-xkoxce5g-mll3kxxh`). Not pattern-checked by the contract: invalid
                 *     names get the operation's own error (see the operation).
                 * @example batch-compute-20230220100755-xkoxce5g-mll3kxxh
                 */
                jobName: components["parameters"]["JobName"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The job was deleted. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Status"];
                };
            };
            400: components["responses"]["BadRequest"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            500: components["responses"]["InternalError"];
            default: components["responses"]["Error"];
        };
    };
    stopJob: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The full job name as returned in a job state's `name`, i.e. `<batchName>-<short job name>`
                 *     (e.g. `batch-compute-20230220100755-xkoxce5g-mll3kxxh`). Not pattern-checked by the contract: invalid
                 *     names get the operation's own error (see the operation).
                 * @example batch-compute-20230220100755-xkoxce5g-mll3kxxh
                 */
                jobName: components["parameters"]["JobName"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The job is stopping (its status becomes `Stopping`, then `Stopped`). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Status"];
                };
            };
            400: components["responses"]["BadRequest"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            500: components["responses"]["InternalError"];
            default: components["responses"]["Error"];
        };
    };
    getBatches: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The batches' states. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BatchStatusList"];
                };
            };
            400: components["responses"]["BadRequest"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            500: components["responses"]["InternalError"];
            default: components["responses"]["Error"];
        };
    };
    createBatch: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * @description The batch description. Semantically required: an empty body is answered 422 (empty job description
         *     list), like a body without `jobScheduleDescriptions`.
         */
        requestBody?: {
            content: {
                "application/json": components["schemas"]["BatchScheduleDescription"];
            };
        };
        responses: {
            /** @description The batch was created. Body is the new batch's state. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BatchStatus"];
                };
            };
            400: components["responses"]["BadRequest"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["Invalid"];
            500: components["responses"]["InternalError"];
            default: components["responses"]["Error"];
        };
    };
    stopAllBatches: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description All stoppable batches were stopped (also when there was nothing to stop). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Status"];
                };
            };
            400: components["responses"]["BadRequest"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            500: components["responses"]["InternalError"];
            default: components["responses"]["Error"];
        };
    };
    getBatch: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The batch name as returned in a batch state's `name` (e.g. `batch-compute-20220302155333-hrwl53mw`).
                 * @example batch-compute-20220302155333-hrwl53mw
                 */
                batchName: components["parameters"]["BatchName"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The batch's state with its jobs' states. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BatchStatus"];
                };
            };
            400: components["responses"]["BadRequest"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            500: components["responses"]["InternalError"];
            default: components["responses"]["Error"];
        };
    };
    deleteBatch: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The batch name as returned in a batch state's `name` (e.g. `batch-compute-20220302155333-hrwl53mw`).
                 * @example batch-compute-20220302155333-hrwl53mw
                 */
                batchName: components["parameters"]["BatchName"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The batch was deleted. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Status"];
                };
            };
            400: components["responses"]["BadRequest"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            500: components["responses"]["InternalError"];
            default: components["responses"]["Error"];
        };
    };
    stopBatch: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The batch name as returned in a batch state's `name` (e.g. `batch-compute-20220302155333-hrwl53mw`).
                 * @example batch-compute-20220302155333-hrwl53mw
                 */
                batchName: components["parameters"]["BatchName"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The batch's unfinished jobs are stopping. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Status"];
                };
            };
            400: components["responses"]["BadRequest"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            500: components["responses"]["InternalError"];
            default: components["responses"]["Error"];
        };
    };
    getBatchJob: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The batch name as returned in a batch state's `name` (e.g. `batch-compute-20220302155333-hrwl53mw`).
                 * @example batch-compute-20220302155333-hrwl53mw
                 */
                batchName: components["parameters"]["BatchName"];
                /**
                 * @description The **full** name of a job of the batch, as in the job state's `name`.
                 * @example batch-compute-20220302155333-hrwl53mw-fjhcqwj7
                 */
                jobName: components["parameters"]["BatchJobFullName"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The job's state. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["JobStatus"];
                };
            };
            400: components["responses"]["BadRequest"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            500: components["responses"]["InternalError"];
            default: components["responses"]["Error"];
        };
    };
    stopBatchJob: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The batch name as returned in a batch state's `name` (e.g. `batch-compute-20220302155333-hrwl53mw`).
                 * @example batch-compute-20220302155333-hrwl53mw
                 */
                batchName: components["parameters"]["BatchName"];
                /**
                 * @description The job of the batch. `documented` profile: the full job name (as in the public docs) or the short
                 *     name. `radix` profile: the short name only (the part after `<batchName>-`, e.g. `fjhcqwj7`).
                 */
                jobName: components["parameters"]["BatchJobNameForStop"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The job is stopping. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Status"];
                };
            };
            400: components["responses"]["BadRequest"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            500: components["responses"]["InternalError"];
            default: components["responses"]["Error"];
        };
    };
    getReadiness: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Ready. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Readiness"];
                };
            };
            /** @description Not ready; the message names every failing check. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorStatus"];
                };
            };
            default: components["responses"]["Error"];
        };
    };
    getHealth: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The process is alive. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Health"];
                };
            };
            default: components["responses"]["Error"];
        };
    };
    getClock: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The clock state. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ClockState"];
                };
            };
            404: components["responses"]["NotFound"];
            500: components["responses"]["InternalError"];
            default: components["responses"]["Error"];
        };
    };
    advanceClock: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AdvanceClockRequest"];
            };
        };
        responses: {
            /** @description The clock state after advancing. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ClockState"];
                };
            };
            400: components["responses"]["BadRequest"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["Invalid"];
            500: components["responses"]["InternalError"];
            default: components["responses"]["Error"];
        };
    };
    runUntilIdle: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The clock state once idle (`pendingEvents` 0, `nextEventAt` null). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ClockState"];
                };
            };
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            500: components["responses"]["InternalError"];
            default: components["responses"]["Error"];
        };
    };
    pauseClock: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The clock state, paused. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ClockState"];
                };
            };
            404: components["responses"]["NotFound"];
            500: components["responses"]["InternalError"];
            default: components["responses"]["Error"];
        };
    };
    resumeClock: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The clock state, following the wall clock again. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ClockState"];
                };
            };
            404: components["responses"]["NotFound"];
            500: components["responses"]["InternalError"];
            default: components["responses"]["Error"];
        };
    };
    getEvents: {
        parameters: {
            query?: {
                /** @description Return only events with `seq` greater than this value. */
                since?: number;
                /** @description `json` (default): an EventLog object. `jsonl`: JSON lines (`application/x-ndjson`). */
                format?: "json" | "jsonl";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The event log. */
            200: {
                headers: {
                    /** @description Hex SHA-256 of the full log in JSON-lines form. Always sent with `format=jsonl`; may be sent with `format=json`. */
                    "X-Event-Log-Sha256"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EventLog"];
                    /**
                     * @example {"seq":1,"at":"2026-01-01T00:00:00Z","type":"ObjectCreated","kind":"RadixBatch","namespace":"app-dev","name":"batch-compute-20260101000000-a1b2c3d4"}
                     *     {"seq":2,"at":"2026-01-01T00:00:00Z","type":"PodScheduled","kind":"Pod","namespace":"app-dev","name":"batch-compute-20260101000000-a1b2c3d4-e5f6g7h8-x2k9p","message":"Successfully assigned to node sim-node-1","data":{"node":"sim-node-1"}}
                     */
                    "application/x-ndjson": string;
                };
            };
            400: components["responses"]["BadRequest"];
            404: components["responses"]["NotFound"];
            500: components["responses"]["InternalError"];
            default: components["responses"]["Error"];
        };
    };
    resetSim: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The clock state after the reset. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ClockState"];
                };
            };
            404: components["responses"]["NotFound"];
            500: components["responses"]["InternalError"];
            default: components["responses"]["Error"];
        };
    };
    listSimNodes: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The nodes, in name order. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SimNode"][];
                };
            };
            404: components["responses"]["NotFound"];
            default: components["responses"]["Error"];
        };
    };
    addSimNode: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SimNodeRequest"];
            };
        };
        responses: {
            /** @description The node added. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SimNode"];
                };
            };
            400: components["responses"]["BadRequest"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["SimConflict"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    deleteSimNode: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The node's name. */
                name: components["parameters"]["SimNodeName"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The node removed, as it was. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SimNode"];
                };
            };
            404: components["responses"]["NotFound"];
            default: components["responses"]["Error"];
        };
    };
    cordonSimNode: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The node's name. */
                name: components["parameters"]["SimNodeName"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The node after the change. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SimNode"];
                };
            };
            404: components["responses"]["NotFound"];
            default: components["responses"]["Error"];
        };
    };
    uncordonSimNode: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The node's name. */
                name: components["parameters"]["SimNodeName"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The node after the change. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SimNode"];
                };
            };
            404: components["responses"]["NotFound"];
            default: components["responses"]["Error"];
        };
    };
    listSimFaults: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The faults, in injection order. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SimFault"][];
                };
            };
            404: components["responses"]["NotFound"];
            default: components["responses"]["Error"];
        };
    };
    injectSimFault: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SimFaultRequest"];
            };
        };
        responses: {
            /** @description The fault, with its id and state. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SimFault"];
                };
            };
            400: components["responses"]["BadRequest"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    deleteSimFault: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The fault's id, e.g. `fault-1`. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The fault as it ended. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SimFault"];
                };
            };
            404: components["responses"]["NotFound"];
            default: components["responses"]["Error"];
        };
    };
    watchChanges: {
        parameters: {
            query?: {
                /** @description Same as the `Last-Event-ID` header (for clients that cannot set headers). */
                lastEventId?: string;
            };
            header?: {
                /** @description The id of the last event received, to resume after it. */
                "Last-Event-ID"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The event stream. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example id: 3f2a9c1e-0
                     *     event: hello
                     *     data: {"epoch":"3f2a9c1e"}
                     *
                     *     id: 3f2a9c1e-1
                     *     event: batch
                     *     data: {"batch":{"name":"batch-compute-20260101000000-k3j9x0ab","type":"batch","status":"Running","created":"2026-01-01T00:00:00Z","started":"2026-01-01T00:00:01Z","ended":null,"total":2,"counts":{"Running":1,"Succeeded":1}},"jobs":[{"name":"batch-compute-20260101000000-k3j9x0ab-p2m8c7zq","status":"Succeeded","created":"2026-01-01T00:00:00Z","started":"2026-01-01T00:00:01Z","ended":"2026-01-01T00:00:06Z","attempts":1,"failed":0,"exitCode":0,"reason":"Completed"}]}
                     */
                    "text/event-stream": string;
                };
            };
            404: components["responses"]["NotFound"];
            default: components["responses"]["Error"];
        };
    };
}
