// Package contract holds what the booking service promises to everything that
// runs and watches it: the port it listens on, its health paths, the
// environment variables it reads and the names of the metrics it exports.
//
// The Pulumi program (infra/), the dashboards (dashboards/), the alert rules
// (alerts/) and the load tool import these constants instead of retyping them,
// so a rename here is a compile error there rather than a silent mismatch.
// The package imports nothing so that importing it costs nothing.
package contract

// Network and health.
const (
	// HTTPPort is the port the service listens on in every environment.
	HTTPPort = 8080
	// HTTPPortName names the container and Service port.
	HTTPPortName = "http"
	// LivenessPath answers 200 while the process is alive.
	LivenessPath = "/healthz"
	// ReadinessPath answers 200 when MySQL is reachable; Redis state is reported, not required.
	ReadinessPath = "/readyz"
	// MetricsPath serves Prometheus metrics.
	MetricsPath = "/metrics"
	// OpenAPIPath serves the OpenAPI document of the API.
	OpenAPIPath = "/api/openapi.yaml"
	// LinePathPattern is the waiting room's shared line document of any show
	// (GET /api/shows/{showId}/line) as a CDN path pattern: the one API path
	// the site's CloudFront caches, for LineMaxAge seconds.
	LinePathPattern = "/api/shows/*/line"
	// LineMaxAge is the line document's Cache-Control max-age in seconds.
	LineMaxAge = 1
)

// Environment variables read by the service (see app/config).
const (
	EnvHTTPAddr           = "PODO_HTTP_ADDR"
	EnvMySQLDSN           = "PODO_MYSQL_DSN"
	EnvMySQLMaxConns      = "PODO_MYSQL_MAX_CONNS"
	EnvRedisAddr          = "PODO_REDIS_ADDR"
	EnvRedisPassword      = "PODO_REDIS_PASSWORD"
	EnvRedisTLS           = "PODO_REDIS_TLS"
	EnvRedisDB            = "PODO_REDIS_DB"
	EnvJWTSecret          = "PODO_JWT_SECRET"
	EnvGoogleClientID     = "PODO_GOOGLE_CLIENT_ID"
	EnvGoogleClientSecret = "PODO_GOOGLE_CLIENT_SECRET"
	EnvOIDCIssuer         = "PODO_OIDC_ISSUER"
	EnvPublicURL          = "PODO_PUBLIC_URL"
	EnvAllowedOrigins     = "PODO_ALLOWED_ORIGINS"
	EnvDevLogin           = "PODO_DEV_LOGIN"
	EnvAdminEmails        = "PODO_ADMIN_EMAILS"
	EnvHoldTTL            = "PODO_HOLD_TTL"
	EnvMaxSeats           = "PODO_MAX_SEATS"
	EnvCache              = "PODO_CACHE"
	EnvStaticDir          = "PODO_STATIC_DIR"
	EnvSeedDemo           = "PODO_SEED_DEMO"
	EnvLogLevel           = "PODO_LOG_LEVEL"
	EnvDebugAddr          = "PODO_DEBUG_ADDR"
	EnvRateLimit          = "PODO_RATE_LIMIT"
	// EnvTrustedProxyHops is how many proxies in front of the service append to
	// X-Forwarded-For (1 behind the ALB); 0 trusts no such header.
	EnvTrustedProxyHops = "PODO_TRUSTED_PROXY_HOPS"
	// EnvSSEPerAddress and EnvSSEPerReplica cap the live seat-map streams one
	// address, and one replica in all, may keep open.
	EnvSSEPerAddress = "PODO_SSE_PER_ADDRESS"
	EnvSSEPerReplica = "PODO_SSE_PER_REPLICA"
	// EnvMaxInFlight is how many requests a replica works on at once; the rest
	// wait their turn (default 64 per core the process may use).
	EnvMaxInFlight = "PODO_MAX_IN_FLIGHT"
	// EnvReadTurns is how many connections a replica reads a request from at
	// once; the rest wait their turn without running (default 16 per core).
	EnvReadTurns = "PODO_READ_TURNS"
	// The waiting room: users let through a second, live passes per show, a pass's
	// lifetime, and how long after a sale opens arrivals still get a random place.
	EnvLineRate  = "PODO_LINE_RATE"
	EnvLineCap   = "PODO_LINE_CAP"
	EnvPassTTL   = "PODO_PASS_TTL"
	EnvLineGrace = "PODO_LINE_DRAW_GRACE"
	// EnvSSMPath, when set, names the SSM parameter path (e.g. /podo/dev/) whose
	// SecureStrings the service reads at start through its IRSA role.
	EnvSSMPath = "PODO_SSM_PATH"
)

// Names of the SecureString parameters under EnvSSMPath. The service reads each
// at start when EnvSSMPath is set and uses it in place of the variable beside it.
const (
	SSMMySQLPassword      = "mysql-password"       // the password for the user in EnvMySQLDSN
	SSMRedisAuthToken     = "redis-auth-token"     // EnvRedisPassword
	SSMJWTSecret          = "jwt-secret"           // EnvJWTSecret
	SSMGoogleClientID     = "google-client-id"     // EnvGoogleClientID
	SSMGoogleClientSecret = "google-client-secret" // EnvGoogleClientSecret
)

// Metric names exported on MetricsPath. Labels are listed beside each.
const (
	// MetricHTTPRequestDuration is a histogram of request durations in seconds.
	// Labels: route (the mux pattern, never the raw path), method, status.
	MetricHTTPRequestDuration = "podo_http_request_duration_seconds"
	// MetricHTTPRequestsInFlight is a gauge of requests being served.
	MetricHTTPRequestsInFlight = "podo_http_requests_in_flight"
	// MetricHTTPRequestsAwaitingTurn is a gauge of requests that have arrived
	// and wait for their turn to be read (PODO_READ_TURNS).
	MetricHTTPRequestsAwaitingTurn = "podo_http_requests_awaiting_turn"
	// MetricReservations counts reservation attempts by outcome
	// (label outcome: one of the Outcome* values below).
	MetricReservations = "podo_reservations_total"
	// MetricReservationRefusedWithoutDB counts refusals answered from Redis
	// without a MySQL round-trip.
	MetricReservationRefusedWithoutDB = "podo_reservation_refusals_without_db_total"
	// MetricBookingTransactions counts booking transactions sent to MySQL
	// (label result: committed, conflict, error).
	MetricBookingTransactions = "podo_booking_transactions_total"
	// MetricDBLockRetries counts transactions tried again because MySQL chose
	// them as a deadlock victim or their lock wait timed out.
	MetricDBLockRetries = "podo_db_lock_retries_total"
	// MetricSeatLockBusy counts bookings refused at once because another
	// booking held one of their seats' locks (nobody waits for a seat lock).
	MetricSeatLockBusy = "podo_seat_lock_busy_total"
	// MetricCacheRequests counts cache look-ups (labels cache, result=hit|miss).
	MetricCacheRequests = "podo_cache_requests_total"
	// MetricSSEClients is a gauge of connected live seat-map subscribers.
	MetricSSEClients = "podo_sse_clients"
	// MetricSSEEvents counts seat events delivered to subscribers.
	MetricSSEEvents = "podo_sse_events_total"
	// MetricRedisUp is 1 while Redis answers and 0 while the service runs degraded.
	MetricRedisUp = "podo_redis_up"
	// MetricRedisErrors counts Redis operations that failed and fell back.
	MetricRedisErrors = "podo_redis_errors_total"
	// MetricHolds counts seat hold requests by outcome (label outcome).
	MetricHolds = "podo_holds_total"
	// MetricRateLimited counts requests refused with 429 (label scope).
	MetricRateLimited = "podo_rate_limited_total"
	// MetricLineWaiting is a gauge of users in a show's waiting line not let
	// through yet (label show). Every replica reports the same figure.
	MetricLineWaiting = "podo_line_waiting"
	// MetricLineAdmissions counts users let through a show's line (label show);
	// summed over replicas it is the line's admissions.
	MetricLineAdmissions = "podo_line_admissions_total"
	// MetricLineWait is a histogram of seconds from joining a line to fetching the pass.
	MetricLineWait = "podo_line_wait_seconds"
	// MetricLinePasses is a gauge of live passes of a show (label show).
	MetricLinePasses = "podo_line_passes"
	// MetricLineIdlePasses is a gauge of passes given but not fetched yet by
	// their users (label show): slots held by people who walked away.
	MetricLineIdlePasses = "podo_line_idle_passes"
	// MetricLineSeatsLeft is a gauge of seats left in a show with its waiting room on (label show).
	MetricLineSeatsLeft = "podo_line_seats_left"
	// MetricBuildInfo is always 1, labelled with version.
	MetricBuildInfo = "podo_build_info"

	// Database pool metrics come from client_golang's DBStatsCollector,
	// labelled db_name=DBName for the main pool and DBNameBookings for the
	// booking transactions' pool; a pod's connections are the two together.
	MetricDBOpenConnections = "go_sql_open_connections"
	MetricDBInUse           = "go_sql_in_use_connections"
	MetricDBWaitDuration    = "go_sql_wait_duration_seconds_total"
	MetricDBMaxOpen         = "go_sql_max_open_connections"
	DBName                  = "podo"
	DBNameBookings          = "bookings"

	// Go runtime metrics from the default collectors.
	MetricGoGoroutines    = "go_goroutines"
	MetricGoHeapInuse     = "go_memstats_heap_inuse_bytes"
	MetricGoGCDuration    = "go_gc_duration_seconds"
	MetricProcessCPU      = "process_cpu_seconds_total"
	MetricProcessResident = "process_resident_memory_bytes"
)

// Reservation outcomes, the values of the outcome label of MetricReservations.
const (
	OutcomeReserved        = "reserved"
	OutcomeSeatTaken       = "seat_taken"
	OutcomeSeatHeld        = "seat_held"
	OutcomeAlreadyReserved = "already_reserved"
	OutcomeSeatLocked      = "seat_locked"
	OutcomeInvalid         = "invalid"
	OutcomeError           = "error"
	// OutcomeCanceled is an attempt whose client hung up before the answer
	// (HTTP 499): not a failure of the service.
	OutcomeCanceled = "canceled"
)

// Kubernetes names shared by the Pulumi program, the ServiceMonitor and the alert rules.
const (
	AppName      = "podo-api"
	AppNamespace = "podo"
	// AppLabel is the label key whose value is AppName on the Deployment's pods and the Service.
	AppLabel = "app.kubernetes.io/name"
	// ServiceAccountName is the app's Kubernetes service account (bound to its IRSA role).
	ServiceAccountName = "podo-api"
)

// What the service is held to by its alert rules and dashboards.
const (
	// RouteSeatEvents is the route label of the live seat-map stream (its
	// pattern as the route label shows it). A stream lasts as long as a browser
	// tab, so its request duration is left out of latency and error ratios.
	RouteSeatEvents = "/api/shows/{showId}/events"
	// RouteHold is the route label of a user's seat hold. While Redis is down it
	// answers PUT with 503 by design (degraded mode), which is not an outage.
	RouteHold = "/api/shows/{showId}/hold"
	// LatencySLOSeconds is the p99 API request duration the service promises.
	LatencySLOSeconds = 0.25
)

// SLOs: the share of good events a user journey promises over 30 days. The
// alert rules (alerts/internal/rulegen/slo.go) burn-rate alert on them and
// record each one's error ratio as MetricSLOErrorRatio<window>{slo=<name>};
// docs/oncall.md writes them down.
const (
	SLOReservationsAvailability          = "reservations-availability"
	SLOReservationsAvailabilityObjective = 0.999
	SLOReservationsLatency               = "reservations-latency"
	SLOReservationsLatencyObjective      = 0.99
	// SLOReservationsLatencySeconds is a histogram bucket bound of MetricHTTPRequestDuration.
	SLOReservationsLatencySeconds   = 0.5
	SLOSeatMapAvailability          = "seat-map-availability"
	SLOSeatMapAvailabilityObjective = 0.999
	MetricSLOErrorRatio             = "podo:slo_errors:ratio_rate"
	// RouteReservations and RouteSeatMap are the route labels of the SLOs' journeys.
	RouteReservations = "/api/shows/{showId}/reservations"
	RouteSeatMap      = "/api/shows/{showId}/seats"
	// RouteLine is the route label of a show's waiting line (the shared document and joining it).
	RouteLine = "/api/shows/{showId}/line"
)
