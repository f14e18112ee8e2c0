/** Help texts, k6's flag names. */
export const MAIN_HELP = `Stampede: load tests that run your k6 scripts unchanged.

Usage:
  stampede run [flags] <script.js|script.ts>   run a load test
  stampede inspect [flags] <script>            print the script's resolved options as JSON
  stampede demo                                run the bundled demo test against the demo target
  stampede new [FILE] [--ts] [--force]         write a starter script (--ts: script.ts + tsconfig.json)
  stampede check <script.ts>                   type-check a script against the k6 types (exit 107 on errors)
  stampede archive <script> -O test.tar        bundle the script, its imports, open()ed files and options
  stampede convert recording.har [-O s.js]     a recorded journey (HAR) as a k6 script
  stampede coordinator --instances N <script>  run a test on N agents: one setup, merged thresholds, one summary
  stampede agent --coordinator URL             join a coordinator and run its share of the test
  stampede k8s <script> --instances N --image I  Kubernetes manifests: coordinator Job + Indexed Job of agents
  stampede runs [--limit N] [--json]           list the saved runs (.stampede/history.db)
  stampede report <run> [--markdown|--html F]  render a saved run; --trend: a metric across the last runs
  stampede compare <base> [<run>]              differences per metric, scenario, threshold and check
  stampede status | pause | resume | stop      show or control a running test (REST API)
  stampede scale --vus N [--max M]             scale a running externally-controlled scenario
  stampede proxy [--api HOST:PORT]             fault proxies behind Toxiproxy's HTTP API (until Ctrl-C)
  stampede version                             print the version

Run 'stampede <command> --help' for a command's flags.`;

export const RUN_HELP = `Usage: stampede run [flags] <script | archive.tar>

Runs a k6 script (JavaScript or TypeScript) and prints k6's end-of-test summary.

Flags:
  -u, --vus N                    number of virtual users
  -d, --duration D               test duration (e.g. 30s, 1m30s)
  -i, --iterations N             total iterations, shared by the VUs
  -s, --stage D:N                add a ramping stage (repeatable), e.g. -s 10s:20
  -e, --env K=V                  set __ENV.K (repeatable)
      --tag K=V                  add a tag to every sample (repeatable)
      --summary-export FILE      write the summary as JSON (k6's --summary-export shape)
  -o, --out NAME[=ARG]           send samples to an output, repeatable (or K6_OUT=a,b): json=FILE[.gz],
                                 csv=FILE[.gz], influxdb=URL, experimental-prometheus-rw, opentelemetry,
                                 statsd, datadog (docs/outputs/)
      --report FILE              write a self-contained HTML report (or K6_WEB_DASHBOARD_EXPORT)
      --dashboard                serve the live web dashboard on 127.0.0.1:5665 (or K6_WEB_DASHBOARD=true;
                                 K6_WEB_DASHBOARD_HOST, K6_WEB_DASHBOARD_PORT)
      --junit FILE               write JUnit XML: one test case per threshold and per check
      --no-history               do not save the run in .stampede/ (or STAMPEDE_NO_HISTORY=true;
                                 STAMPEDE_HISTORY_DIR picks the folder)
      --baseline RUN             compare with a saved run (an id, last or last-passed)
      --max-regression N%        with --baseline: fail (exit 111) when p95 or the error rate regress
                                 by more than N % (default 10%)
      --summary-trend-stats LIST trend stats in the summary, e.g. avg,p(95),p(99.9)
      --summary-time-unit UNIT   fix the summary's time unit: s, ms or us
      --no-summary               print no end-of-test summary
      --no-thresholds            do not evaluate thresholds
      --execution-segment SEG    run this share of the test: 1/3:2/3, 50%:100% (k6's)
      --execution-segment-sequence SEQ
                                 every instance's segments: 0,1/3,2/3,1 (give all the same)
      --no-setup                 do not run setup() (the scenarios get no setup data)
      --no-teardown              do not run teardown()
      --thresholds-require-data  a threshold whose metric got no samples fails (k6 passes it)
  -q, --quiet                    no progress line
      --http-debug[=full]        log HTTP requests and responses (full: with bodies)
      --console-output FILE      write console.* output of the script to FILE
      --include-system-env-vars=BOOL  pass the process environment into __ENV (default true)
      --discard-response-bodies  do not keep response bodies
      --insecure-skip-tls-verify skip TLS certificate verification
      --user-agent UA            User-Agent header for HTTP requests
      --max-redirects N          follow at most N redirects
      --no-connection-reuse      open a new connection for every request
  -w, --throw                    throw on failed HTTP requests
  -a, --address HOST:PORT        REST API address (default 127.0.0.1:6565); other hosts need this flag
      --api-token TOKEN          require Authorization: Bearer TOKEN on the REST API (or STAMPEDE_API_TOKEN)
  -p, --paused                   start paused; \`stampede resume\` starts the scenarios
      --typecheck                type-check the script against the k6 types first (exit 107 on errors)
      --workers N                VU worker threads (or STAMPEDE_WORKERS; default: one per core, at most one per VU)
      --on-worker-loss WHAT      when a VU worker dies (out of memory, crash): stop (default) ends the test
                                 gracefully, continue goes on with the others (or STAMPEDE_ON_WORKER_LOSS);
                                 either way the summary is kept and the exit code is 112
  -c, --config FILE              k6's JSON options file (above the script's options, below K6_* and flags)
      --system-tags LIST         the system tags samples carry, e.g. proto,status,method,url,name
      --exemplars N              slowest and sampled failed requests kept per request name (default 5, 0: none)
      --exemplar-headers LIST    response headers exemplars record (default X-Request-Id,traceparent,X-Trace-Id,X-Amzn-Trace-Id)
      --rps N                    at most N HTTP requests per second, over all VUs
      --batch N                  at most N parallel requests per http.batch() (default 20)
      --batch-per-host N         at most N parallel http.batch() requests per host (default 6)
      --min-iteration-duration D an iteration takes at least D (the VU waits out the rest)
      --dns SPEC                 DNS: ttl=5m,select=random,policy=preferIPv4
      --block-hostnames LIST     refuse requests to these hosts (*.example.com wildcards)
      --blacklist-ip CIDR        accepted as in k6, not supported (a warning)
      --local-ips LIST           accepted as in k6, not supported (a warning)
  -l, --linger                   accepted as in k6, not supported (a warning): Stampede exits when the test ends
  -v, --verbose                  print debug log lines
      --no-color                 no colours (also NO_COLOR or K6_NO_COLOR); colours are only used on a terminal
      --log-output WHERE         stderr (default), stdout, none or file=PATH (or K6_LOG_OUTPUT); loki is not supported
      --log-format FORMAT        text (default), json (one object per line: level, msg, time, source) or raw
                                 (the message only) (or K6_LOG_FORMAT)
      --probe 'NAME=URL …'       sample a service during the run as the gauge probe_NAME: redis://… LLEN jobs,
                                 redis://… INFO memory.used_memory, redis://… BULLMQ queue, postgres://… SELECT …,
                                 prometheus+http://host:9090 PROMQL, http(s)://… [json=path|metric=name];
                                 or @probes.json (shaped like options.probes); repeatable
      --probe-every D            how often the --probe probes are read (default 5s)
      --probes-required          a probe that cannot connect at the start is exit 104 (default: a warning)
      --allow-exec               let options.chaos exec steps run their commands (refused with exit 104 otherwise)
      --chaos-api HOST:PORT      serve the run's fault proxies on Toxiproxy's HTTP API (Toxiproxy clients work unchanged)
      --secret-source SPEC       k6/secrets values: file=PATH (KEY=VALUE lines) or mock=KEY=VALUE,…;
                                 several with name=NAME and one ,default; redacted from log lines
  -h, --help                     this help

Exit codes (as k6): 0 ok, 99 thresholds failed, 100 setup timeout, 101 teardown timeout,
103 stopped through the REST API, 104 invalid options, 105 interrupted, 106 REST API cannot start,
107 script error, 108 aborted by the script; Stampede's own: 111 regression against --baseline.`;

export const INSPECT_HELP = `Usage: stampede inspect [run flags] <script>

Evaluates the script's init code and prints the options the run would use
(script options merged with config, K6_*/STAMPEDE_* environment and flags) as JSON.`;

export const CONTROL_HELP = `Usage: stampede status | pause | resume | stop [flags]
       stampede scale --vus N [--max M] [flags]

Talks to a running \`stampede run\` through its REST API and prints its status.
  pause    VUs finish their iteration and start no other; arrival-rate schedules freeze
  resume   go on (also starts a test run with --paused)
  scale    set the looping VUs (and raise max VUs) of an externally-controlled scenario
  stop     stop the test gracefully; it exits with code 103

Flags:
  -a, --address HOST:PORT   the test's REST API (default 127.0.0.1:6565)
      --api-token TOKEN     bearer token, when the test was started with one (or STAMPEDE_API_TOKEN)
  -u, --vus N               scale: looping VUs
  -m, --max N               scale: max VUs (can only grow)`;

export const PROXY_HELP = `Usage: stampede proxy [--api HOST:PORT] [--config proxies.json]

Runs fault proxies on their own, driven through Toxiproxy's HTTP API, so
toxiproxy-cli, toxiproxy-node-client and the other Toxiproxy clients work
unchanged: /proxies, /proxies/{proxy}/toxics, /populate, /reset, /version; the
toxics latency, bandwidth, slow_close, timeout, reset_peer, slicer, limit_data,
and enabled: false for a service that is down. Runs until Ctrl-C or SIGTERM,
then closes every proxy.

Flags:
      --api HOST:PORT     where the API listens (default 127.0.0.1:8474, Toxiproxy's port)
  -c, --config FILE       proxies to start with: Toxiproxy's populate JSON, an array of
                          {name, listen, upstream, enabled}
  -h, --help              this help`;

export const COORDINATOR_HELP = `Usage: stampede coordinator --instances N [--listen HOST:PORT] [run flags] <script | archive.tar>

Runs a test on N agents (\`stampede agent\`), each on its execution segment
(agent i of N: i/N:(i+1)/N). The coordinator runs setup() and teardown()
once, merges the metrics the agents stream, judges the thresholds on the
merged data every 2 s (abortOnFail stops every agent), and writes the one
summary, export, report, outputs, history entry and exit code. The REST API
and --dashboard run here.

Flags:
      --instances N              how many agents the test needs (required)
      --listen HOST:PORT         where agents connect (default 0.0.0.0:6570)
      --token T                  the secret agents must present (or STAMPEDE_TOKEN)
      --agent-timeout D          how long to wait for every agent to join (default 2m)
      --on-agent-loss P          abort (default): an agent lost mid-run stops the test, exit 112;
                                 continue: the others go on (exit 112 at the end)
                                 (or STAMPEDE_ON_AGENT_LOSS)
      --tls-cert FILE, --tls-key FILE
                                 serve agents over TLS (wss://)
  (and every flag of stampede run)`;

export const AGENT_HELP = `Usage: stampede agent --coordinator URL [--token T] [--index N] [--workers N]

Joins a coordinator (\`stampede coordinator\`), receives the test (archive,
segment, options), runs its share from the coordinator's start signal and
streams its metrics there. Exits with the run's exit code.

Flags:
      --coordinator URL          ws://host:port or wss://host:port (or STAMPEDE_COORDINATOR)
      --token T                  the coordinator's token (or STAMPEDE_TOKEN)
      --index N                  the segment to take, 0…N-1 (or STAMPEDE_AGENT_INDEX, or a
                                 Kubernetes Indexed Job's JOB_COMPLETION_INDEX); default: the next free one
      --workers N                VU worker threads (default: one per core)
      --ca FILE                  trust this CA certificate for wss://
      --connect-timeout D        keep trying to reach the coordinator this long (default 2m)`;

export const K8S_HELP = `Usage: stampede k8s [run flags] <script | archive.tar> --instances N --image IMAGE [-o DIR]

Renders the Kubernetes objects of a distributed run: a Secret (the agents'
token), a ConfigMap (the test archive), the coordinator as a Job with a
Service, and the agents as an Indexed Job (completionMode: Indexed,
parallelism = completions = N; JOB_COMPLETION_INDEX picks each pod's
segment). To stdout as one YAML stream, or one file per object in DIR.
The coordinator's exit code is its Job's result: kubectl wait on it.

Flags:
      --instances N              agents (pods) that run the test (required)
      --image IMAGE              the image built from Stampede's Dockerfile (required)
  -o, --output DIR               write one file per object there (default: stdout)
      --name NAME                prefix of every object's name (default: stampede-<script>)
      --namespace NS             put every object in this namespace
      --token T                  the agents' token (default: 48 random hex digits)
      --agent-cpu Q, --agent-memory Q              each agent's requests (default 1, 1Gi)
      --agent-workers N          VU worker threads per agent (default: the CPU request, rounded up)
      --coordinator-cpu Q, --coordinator-memory Q  the coordinator's requests (default 500m, 512Mi)
      --on-agent-loss P, --agent-timeout D          passed to stampede coordinator
  (and every flag of stampede run: options and -e go into the archive, all go to the coordinator)`;

export const CONVERT_HELP = `Usage: stampede convert recording.har [-O script.js] [flags]

Turns a HAR 1.2 recording (Chrome/Chromium DevTools, Firefox, Playwright's
recordHar) into a k6 script that runs in k6 and Stampede: one group() per
page, the recorded pauses between pages as sleep(), each request with its
headers and body, a check on its recorded status, the recorded origin as
__ENV.BASE_URL's default. Cookies are left to the cookie jar.

Flags:
  -O, --output FILE              write the script there (default: stdout); a .ts name implies --ts
      --ts                       write TypeScript
      --correlate                extract values responses produce (JSON tokens, hidden form fields,
                                 csrf meta tags, ids in Location) into variables for later requests
      --no-static                drop images, stylesheets, scripts, fonts and media
      --only HOST                keep requests to HOST (repeatable; default: the recording's main host)
      --skip HOST                drop requests to HOST (repeatable)
      --think-time D             the longest recorded pause kept between pages (default 5s; 0: none)`;
