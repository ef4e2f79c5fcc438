package config

import (
	"fmt"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"go.opentelemetry.io/contrib/propagators/autoprop"
	"go.opentelemetry.io/otel"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"example.com/acme/orders/internal/platform/httpserver"
)

func env(m map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) {
		v, ok := m[k]
		return v, ok
	}
}

func TestLoadDefaults(t *testing.T) {
	cfg, err := Load(env(nil))
	if err != nil {
		t.Fatal(err)
	}
	want := Config{
		Log:      Log{Level: slog.LevelInfo, FlushInterval: 100 * time.Millisecond},
		HTTP:     HTTP{Addr: ":8080", ShutdownTimeout: 30 * time.Second},
		Memory:   Memory{LimitRatio: 0.9},
		Outbound: Outbound{Timeout: 2 * time.Second},
		OTel:     OTel{TracesExporter: "none", MetricsExporter: "none"},
		TLS:      TLS{ReloadInterval: 30 * time.Second, ExpiryWarn: 336 * time.Hour},
		Admin:    Admin{Addr: "127.0.0.1:6060"},
		PProf:    PProf{MaxSeconds: 30, ArchiveKeep: 10, CPUCeiling: 0.85},
	}
	if !reflect.DeepEqual(cfg, want) {
		t.Errorf("Load() = %+v, want %+v", cfg, want)
	}
}

func TestLoadValues(t *testing.T) {
	archive := t.TempDir()
	cfg, err := Load(env(map[string]string{
		"HTTP_ADDR":          "127.0.0.1:9000",
		"LOG_LEVEL":          "DEBUG",
		"LOG_FLUSH_INTERVAL": "0",
		"SHUTDOWN_TIMEOUT":   "10s",
		"SHUTDOWN_DELAY":     "5s",
		"GOMEMLIMIT_RATIO":   "1",
		"HTTP_UNRELATED":     "x",

		"DOWNSTREAM_URL":        "https://inventory.internal:8443/api",
		"OUTBOUND_TIMEOUT":      "750ms",
		"OTEL_TRACES_EXPORTER":  "console",
		"OTEL_METRICS_EXPORTER": "otlp",

		"TLS_CERT_FILE":          "/tls/tls.crt",
		"TLS_KEY_FILE":           "/tls/tls.key",
		"TLS_CLIENT_CA_FILES":    " /tls/ca.crt ,/tls/ca-next.crt",
		"TLS_RELOAD_INTERVAL":    "5s",
		"TLS_EXPIRY_WARN":        "168h",
		"TLS_EXPIRY_WEBHOOK_URL": "https://hooks.example.com/certs",
		"HEALTHCHECK_CA_FILE":    "/tls/ca.crt",
		"HEALTHCHECK_CERT_FILE":  "/probe/tls.crt",
		"HEALTHCHECK_KEY_FILE":   "/probe/tls.key",
		"OUTBOUND_TLS_CERT_FILE": "/out/tls.crt",
		"OUTBOUND_TLS_KEY_FILE":  "/out/tls.key",
		"OUTBOUND_TLS_CA_FILES":  "/out/ca.crt,/out/ca-next.crt",

		"ADMIN_ADDR":         "127.0.0.1:7070",
		"PPROF_ENABLED":      "true",
		"PPROF_TOKEN":        "0123456789abcdef",
		"PPROF_MAX_SECONDS":  "60",
		"PPROF_ARCHIVE_DIR":  archive,
		"PPROF_ARCHIVE_KEEP": "3",
		"PPROF_CPU_CEILING":  "0.5",
	}))
	if err != nil {
		t.Fatal(err)
	}
	want := Config{
		Log:    Log{Level: slog.LevelDebug},
		HTTP:   HTTP{Addr: "127.0.0.1:9000", ShutdownTimeout: 10 * time.Second, ShutdownDelay: 5 * time.Second},
		Memory: Memory{LimitRatio: 1},
		Outbound: Outbound{
			DownstreamURL: "https://inventory.internal:8443/api",
			Timeout:       750 * time.Millisecond,
			TLSCertFile:   "/out/tls.crt",
			TLSKeyFile:    "/out/tls.key",
			TLSCAFiles:    []string{"/out/ca.crt", "/out/ca-next.crt"},
		},
		OTel: OTel{TracesExporter: "console", MetricsExporter: "otlp"},
		TLS: TLS{
			CertFile:            "/tls/tls.crt",
			KeyFile:             "/tls/tls.key",
			ClientCAFiles:       []string{"/tls/ca.crt", "/tls/ca-next.crt"},
			ReloadInterval:      5 * time.Second,
			ExpiryWarn:          168 * time.Hour,
			ExpiryWebhookURL:    "https://hooks.example.com/certs",
			HealthcheckCAFile:   "/tls/ca.crt",
			HealthcheckCertFile: "/probe/tls.crt",
			HealthcheckKeyFile:  "/probe/tls.key",
		},
		Admin: Admin{Addr: "127.0.0.1:7070"},
		PProf: PProf{
			Enabled:     true,
			Token:       "0123456789abcdef",
			MaxSeconds:  60,
			ArchiveDir:  archive,
			ArchiveKeep: 3,
			CPUCeiling:  0.5,
		},
	}
	if !reflect.DeepEqual(cfg, want) {
		t.Errorf("Load() = %+v, want %+v", cfg, want)
	}
}

func TestLoadEmptyMeansDefault(t *testing.T) {
	cfg, err := Load(env(map[string]string{"LOG_LEVEL": "", "HTTP_ADDR": ""}))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.HTTP.Addr != ":8080" || cfg.Log.Level != slog.LevelInfo {
		t.Errorf("Load() = %+v, want defaults", cfg)
	}
}

func TestLoadInvalid(t *testing.T) {
	tests := []struct {
		name, value string
	}{
		{"HTTP_ADDR", "8080"},
		{"HTTP_ADDR", ":http"},
		{"HTTP_ADDR", ":70000"},
		{"HTTP_ADDR", ":0"},
		{"HTTP_ADDR", "127.0.0.1:0"},
		{"LOG_LEVEL", "verbose"},
		{"LOG_FLUSH_INTERVAL", "soon"},
		{"LOG_FLUSH_INTERVAL", "-1ms"},
		{"SHUTDOWN_TIMEOUT", "30"},
		{"SHUTDOWN_TIMEOUT", "0s"},
		{"SHUTDOWN_TIMEOUT", "-1s"},
		{"SHUTDOWN_TIMEOUT", "10h"},
		{"SHUTDOWN_DELAY", "soon"},
		{"SHUTDOWN_DELAY", "-5s"},
		{"SHUTDOWN_DELAY", "31s"},
		{"SHUTDOWN_DELAY", "300s"},
		{"GOMEMLIMIT_RATIO", "0"},
		{"GOMEMLIMIT_RATIO", "1.5"},
		{"GOMEMLIMIT_RATIO", "NaN"},
		{"GOMEMLIMIT_RATIO", "ninety"},
		{"AUTOMEMLIMIT", "abc"},
		{"AUTOMEMLIMIT", "1.5"},
		{"AUTOMEMLIMIT", "0"},
		{"AUTOMEMLIMIT", "NaN"},
		{"AUTOMEMLIMIT", "OFF"},
		{"DOWNSTREAM_URL", "inventory:8443"},
		{"DOWNSTREAM_URL", "ftp://inventory"},
		{"OUTBOUND_TIMEOUT", "0s"},
		{"OUTBOUND_TIMEOUT", "2"},
		{"OUTBOUND_TIMEOUT", "45s"},
		{"OUTBOUND_TIMEOUT", "25001ms"},
		{"OTEL_TRACES_SAMPLER", "parentbased_traceidration"},
		{"OTEL_TRACES_SAMPLER", "probabilistic"},
		{"OTEL_TRACES_SAMPLER_ARG", "0.1"},
		{"OTEL_PROPAGATORS", "tracecontext,b3mulit"},
		{"OTEL_PROPAGATORS", "tracecontext, baggage"},
		{"OTEL_PROPAGATORS", "tracecontext,"},
		{"OTEL_PROPAGATORS", "W3C"},
		{"OTEL_TRACES_EXPORTER", "jaeger"},
		{"OTEL_METRICS_EXPORTER", "prometheus"},
		{"OTEL_TRACES_EXPORTER", "otlp,console"},
		{"OTEL_EXPORTER_OTLP_ENDPOINT", "otel-collector:4318"},
		{"OTEL_EXPORTER_OTLP_ENDPOINT", "otel collector"},
		{"OTEL_EXPORTER_OTLP_ENDPOINT", "ftp://otel-collector:4318"},
		{"OTEL_EXPORTER_OTLP_ENDPOINT", "http://"},
		{"OTEL_EXPORTER_OTLP_ENDPOINT", " "},
		{"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "otel-collector:4318"},
		{"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "/v1/traces"},
		{"OTEL_EXPORTER_OTLP_METRICS_ENDPOINT", "otel-collector:4318/v1/metrics"},
		// No host, as an empty substitution leaves http://$(COLLECTOR):4318:
		// every call would go to the local host.
		{"OTEL_EXPORTER_OTLP_ENDPOINT", "http://:4318"},
		{"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://:4318/v1/traces"},
		{"OTEL_EXPORTER_OTLP_METRICS_ENDPOINT", "https://[]:4318/v1/metrics"},
		{"DOWNSTREAM_URL", "http://:8081"},
		{"DOWNSTREAM_URL", "https://:443/api"},
		{"DOWNSTREAM_URL", "http://127.0.0.1:99999"},
		{"DOWNSTREAM_URL", "http://127.0.0.1:0"},
		{"DOWNSTREAM_URL", "https://[::1]:65536/api"},
		{"OTEL_EXPORTER_OTLP_ENDPOINT", "http://otel-collector:431800"},
		{"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://otel-collector:0/v1/traces"},
		{"OTEL_SDK_DISABLED", "yes"},
		{"OTEL_SDK_DISABLED", "1"},
		{"OTEL_METRIC_EXPORT_INTERVAL", "10s"},
		{"OTEL_METRIC_EXPORT_INTERVAL", "abc"},
		{"OTEL_METRIC_EXPORT_INTERVAL", "0"},
		{"OTEL_METRIC_EXPORT_INTERVAL", "-1000"},
		{"OTEL_METRIC_EXPORT_INTERVAL", "2147483648"},
		{"OTEL_METRIC_EXPORT_TIMEOUT", "0"},
		{"OTEL_METRIC_EXPORT_TIMEOUT", "30s"},
		{"OTEL_BSP_SCHEDULE_DELAY", "5s"},
		{"OTEL_BSP_SCHEDULE_DELAY", "0"},
		{"OTEL_BSP_EXPORT_TIMEOUT", "-1"},
		{"OTEL_BSP_MAX_QUEUE_SIZE", "-1"},
		{"OTEL_BSP_MAX_QUEUE_SIZE", "0"},
		{"OTEL_BSP_MAX_EXPORT_BATCH_SIZE", "1.5"},
		{"OTEL_BSP_MAX_EXPORT_BATCH_SIZE", "4096"},
		{"OTEL_EXPORTER_OTLP_TIMEOUT", "5s"},
		{"OTEL_EXPORTER_OTLP_TRACES_TIMEOUT", "ten"},
		{"OTEL_EXPORTER_OTLP_METRICS_TIMEOUT", "-5"},
		{"OTEL_EXPORTER_OTLP_COMPRESSION", "zstd"},
		{"OTEL_EXPORTER_OTLP_TRACES_COMPRESSION", "GZIP"},
		{"OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE", "deltas"},
		{"OTEL_EXPORTER_OTLP_METRICS_DEFAULT_HISTOGRAM_AGGREGATION", "exponential"},
		{"OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT", "lots"},
		{"OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT", "-2"},
		{"OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT", " 64"},
		{"OTEL_SPAN_EVENT_COUNT_LIMIT", "1e3"},
		{"OTEL_SPAN_LINK_COUNT_LIMIT", "-128"},
		{"OTEL_EVENT_ATTRIBUTE_COUNT_LIMIT", "32.5"},
		{"OTEL_LINK_ATTRIBUTE_COUNT_LIMIT", "2147483648"},
		{"OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT", "4KiB"},
		{"OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT", "unlimited"},
		{"OTEL_ATTRIBUTE_COUNT_LIMIT", "-10"},
		{"TLS_CERT_FILE", ""},
		{"TLS_KEY_FILE", ""},
		{"TLS_CLIENT_CA_FILES", ""},
		{"OUTBOUND_TLS_CA_FILES", ""},
		{"TLS_RELOAD_INTERVAL", "0s"},
		{"TLS_RELOAD_INTERVAL", "often"},
		{"TLS_RELOAD_INTERVAL", "500ms"},
		{"TLS_RELOAD_INTERVAL", "1ns"},
		{"TLS_EXPIRY_WARN", "-1h"},
		{"ADMIN_ADDR", "6060"},
		{"ADMIN_ADDR", "127.0.0.1:0"},
		{"PPROF_ENABLED", "yes please"},
		{"PPROF_MAX_SECONDS", "0"},
		{"PPROF_MAX_SECONDS", "1.5"},
		{"PPROF_MAX_SECONDS", "86401"},
		{"PPROF_MAX_SECONDS", "9223372036"}, // its write timeout would overflow
		{"PPROF_ARCHIVE_KEEP", "-1"},
		{"PPROF_CPU_CEILING", "0"},
		{"PPROF_CPU_CEILING", "1.2"},
		{"PPROF_CPU_CEILING", "85%"},
	}
	for _, tt := range tests {
		t.Run(tt.name+"="+tt.value, func(t *testing.T) {
			_, err := Load(env(map[string]string{tt.name: tt.value}))
			if err == nil {
				t.Fatal("Load() succeeded, want error")
			}
			if want := tt.name + `="` + tt.value + `"`; !strings.Contains(err.Error(), want) {
				t.Errorf("error %q does not contain %q", err, want)
			}
		})
	}
}

// TestLoadShutdownBounds: SHUTDOWN_DELAY is accepted up to maxShutdownDelay
// and SHUTDOWN_TIMEOUT up to maxShutdownTimeout, and each is refused above
// its limit with an error naming the variable, the value and the limit.
func TestLoadShutdownBounds(t *testing.T) {
	tests := []struct {
		name, value string
		ok          bool
		limit       string
	}{
		{"SHUTDOWN_DELAY", "0s", true, ""},
		{"SHUTDOWN_DELAY", "5s", true, ""},
		{"SHUTDOWN_DELAY", "30s", true, ""},
		{"SHUTDOWN_DELAY", "30001ms", false, "30s"},
		{"SHUTDOWN_DELAY", "5m", false, "30s"},
		{"SHUTDOWN_TIMEOUT", "1ms", true, ""},
		{"SHUTDOWN_TIMEOUT", "2m", true, ""},
		{"SHUTDOWN_TIMEOUT", "5m", true, ""},
		{"SHUTDOWN_TIMEOUT", "300001ms", false, "5m"},
		{"SHUTDOWN_TIMEOUT", "10h", false, "5m"},
	}
	for _, tt := range tests {
		t.Run(tt.name+"="+tt.value, func(t *testing.T) {
			cfg, err := Load(env(map[string]string{tt.name: tt.value}))
			switch {
			case tt.ok && err != nil:
				t.Fatalf("Load() = %v, want no error", err)
			case tt.ok:
				got := cfg.HTTP.ShutdownDelay
				if tt.name == "SHUTDOWN_TIMEOUT" {
					got = cfg.HTTP.ShutdownTimeout
				}
				if want, _ := time.ParseDuration(tt.value); got != want {
					t.Errorf("%s read as %v, want %v", tt.name, got, want)
				}
			case err == nil:
				t.Fatal("Load() succeeded, want an error")
			case !strings.Contains(err.Error(), tt.name+`="`+tt.value+`": want at most `+tt.limit+`:`):
				t.Errorf("error %q does not name the variable, the value and the limit", err)
			}
		})
	}
}

// TestDurationText: a limit is written as the README writes it, without the
// zero units that time.Duration's String appends.
func TestDurationText(t *testing.T) {
	tests := []struct {
		d    time.Duration
		want string
	}{
		{maxShutdownTimeout, "5m"},
		{maxShutdownDelay, "30s"},
		{time.Hour, "1h"},
		{90 * time.Minute, "1h30m"},
		{90 * time.Second, "1m30s"},
		{time.Hour + time.Second, "1h0m1s"},
		{1500 * time.Millisecond, "1.5s"},
		{0, "0s"},
	}
	for _, tt := range tests {
		if got := durationText(tt.d); got != tt.want {
			t.Errorf("durationText(%d) = %q, want %q", tt.d, got, tt.want)
		}
	}
}

// TestLoadInvalidSaysWhy: the message of an invalid value says what is wrong
// with it.
func TestLoadInvalidSaysWhy(t *testing.T) {
	tests := []struct {
		vars map[string]string
		want string
	}{
		{map[string]string{"SHUTDOWN_DELAY": "-5s"}, `SHUTDOWN_DELAY="-5s": must not be negative`},
		{map[string]string{"LOG_FLUSH_INTERVAL": "-1ms"}, `LOG_FLUSH_INTERVAL="-1ms": must not be negative`},
		{map[string]string{"SHUTDOWN_TIMEOUT": "0s"}, `SHUTDOWN_TIMEOUT="0s": must be positive`},
		{map[string]string{"SHUTDOWN_DELAY": "300s"}, `SHUTDOWN_DELAY="300s": want at most 30s: load balancers stop routing to a pod whose readiness fails within a few probe periods`},
		{map[string]string{"SHUTDOWN_DELAY": "2m"}, `counts against the pod's grace period (terminationGracePeriodSeconds, 30s by default)`},
		{map[string]string{"SHUTDOWN_TIMEOUT": "10h"}, `SHUTDOWN_TIMEOUT="10h": want at most 5m: the drain only waits for the requests already running`},
		{map[string]string{"SHUTDOWN_TIMEOUT": "6m"}, `the cluster autoscaler gives a pod at most 10 minutes to stop when it removes a node`},
		{map[string]string{"HTTP_ADDR": " :8080"}, `HTTP_ADDR=" :8080": host " " is neither an IP address nor a host name`},
		{map[string]string{"HTTP_ADDR": "256.1.1.1:8080"}, `HTTP_ADDR="256.1.1.1:8080": host "256.1.1.1" is neither`},
		{map[string]string{"HTTP_ADDR": "api_host:8080"}, `HTTP_ADDR="api_host:8080": host "api_host" is neither`},
		{map[string]string{"HTTP_ADDR": "-api:8080"}, `host "-api" is neither`},
		{map[string]string{"TLS_CLIENT_CA_FILES": ","}, `TLS_CLIENT_CA_FILES=",": an empty item in the comma-separated list of files`},
		{map[string]string{"TLS_CLIENT_CA_FILES": ""}, `TLS_CLIENT_CA_FILES="": set but empty, which is not read as unset for this variable: unset it to serve without client certificates`},
		{map[string]string{"TLS_CERT_FILE": "", "TLS_KEY_FILE": ""}, `TLS_CERT_FILE="": set but empty, which is not read as unset for this variable: unset TLS_CERT_FILE and TLS_KEY_FILE to serve plain HTTP`},
		{map[string]string{"TLS_CLIENT_CA_FILES": " "}, `TLS_CLIENT_CA_FILES=" ": an empty item`},
		{map[string]string{"TLS_CLIENT_CA_FILES": "/tls/ca.crt,,/tls/next.crt"}, `TLS_CLIENT_CA_FILES="/tls/ca.crt,,/tls/next.crt": an empty item`},
		{map[string]string{"DOWNSTREAM_URL": "https://inventory:8443", "OUTBOUND_TLS_CA_FILES": " , "}, `OUTBOUND_TLS_CA_FILES=" , ": an empty item`},
		{map[string]string{"DOWNSTREAM_URL": "https://inventory:8443", "OUTBOUND_TLS_CA_FILES": ""}, `OUTBOUND_TLS_CA_FILES="": set but empty, which is not read as unset for this variable: unset it to verify the downstream against the system roots`},
		{map[string]string{"OTEL_TRACES_SAMPLER": "parentbased_traceidration"}, `OTEL_TRACES_SAMPLER="parentbased_traceidration": want one of always_on, always_off, traceidratio, parentbased_always_on, parentbased_always_off, parentbased_traceidratio`},
		{map[string]string{"OTEL_TRACES_SAMPLER": "traceidratio", "OTEL_TRACES_SAMPLER_ARG": "10%"}, `OTEL_TRACES_SAMPLER_ARG="10%": want a sampling ratio from 0 to 1`},
		{map[string]string{"OTEL_TRACES_SAMPLER": "parentbased_traceidratio", "OTEL_TRACES_SAMPLER_ARG": "1.5"}, `OTEL_TRACES_SAMPLER_ARG="1.5": want a sampling ratio from 0 to 1`},
		{map[string]string{"OTEL_TRACES_SAMPLER": "traceidratio", "OTEL_TRACES_SAMPLER_ARG": "NaN"}, `OTEL_TRACES_SAMPLER_ARG="NaN": want a sampling ratio from 0 to 1`},
		{map[string]string{"OTEL_TRACES_SAMPLER_ARG": "0.01"}, `OTEL_TRACES_SAMPLER_ARG="0.01": set, but OTEL_TRACES_SAMPLER is unset`},
		{map[string]string{"OTEL_PROPAGATORS": "tracecontext,b3mulit"}, `OTEL_PROPAGATORS="tracecontext,b3mulit": unknown propagator "b3mulit": want a comma-separated list (no spaces) of tracecontext, baggage, b3, b3multi, jaeger, xray, ottrace, none`},
		{map[string]string{"OTEL_PROPAGATORS": "tracecontext, baggage"}, `unknown propagator " baggage"`},
		{map[string]string{"OUTBOUND_TIMEOUT": "45s"}, `OUTBOUND_TIMEOUT="45s": want at most 25s: the public server writes a response for at most 30s (its WriteTimeout) after reading the request`},
		{map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "otel-collector:4318"}, `OTEL_EXPORTER_OTLP_ENDPOINT="otel-collector:4318": want an absolute http or https URL with a host, e.g. http://otel-collector:4318`},
		{map[string]string{"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "collector:4318"}, `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT="collector:4318": want an absolute http or https URL with a host, e.g. http://otel-collector:4318/v1/traces`},
		{map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "http://otel-collector:431800"}, `OTEL_EXPORTER_OTLP_ENDPOINT="http://otel-collector:431800": port must be a number from 1 to 65535, e.g. http://otel-collector:4318`},
		{map[string]string{"DOWNSTREAM_URL": "http://127.0.0.1:99999"}, `DOWNSTREAM_URL="http://127.0.0.1:99999": port must be a number from 1 to 65535`},
		{map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "http://:4318"}, `OTEL_EXPORTER_OTLP_ENDPOINT="http://:4318": want an absolute http or https URL with a host, e.g. http://otel-collector:4318`},
		{map[string]string{"DOWNSTREAM_URL": "http://:8081"}, `DOWNSTREAM_URL="http://:8081": want an absolute http or https URL with a host`},
		{map[string]string{"OTEL_SDK_DISABLED": "yes"}, `OTEL_SDK_DISABLED="yes": want true (export no telemetry) or false`},
		{map[string]string{"OTEL_METRIC_EXPORT_INTERVAL": "10s"}, `OTEL_METRIC_EXPORT_INTERVAL="10s": want milliseconds, not a duration: 10000 for 10s`},
		{map[string]string{"OTEL_EXPORTER_OTLP_TIMEOUT": "1m30s"}, `OTEL_EXPORTER_OTLP_TIMEOUT="1m30s": want milliseconds, not a duration: 90000 for 1m30s`},
		{map[string]string{"OTEL_METRIC_EXPORT_INTERVAL": "abc"}, `OTEL_METRIC_EXPORT_INTERVAL="abc": want a whole number of milliseconds, e.g. 10000 for 10s`},
		{map[string]string{"OTEL_METRIC_EXPORT_INTERVAL": "0"}, `OTEL_METRIC_EXPORT_INTERVAL="0": must be at least 1`},
		{map[string]string{"OTEL_BSP_MAX_QUEUE_SIZE": "-1"}, `OTEL_BSP_MAX_QUEUE_SIZE="-1": want a whole number from 1 to 2147483647`},
		{map[string]string{"OTEL_BSP_MAX_EXPORT_BATCH_SIZE": "4096"}, `OTEL_BSP_MAX_EXPORT_BATCH_SIZE="4096": must be at most OTEL_BSP_MAX_QUEUE_SIZE (2048): the SDK would use 512`},
		{map[string]string{"OTEL_BSP_MAX_QUEUE_SIZE": "100", "OTEL_BSP_MAX_EXPORT_BATCH_SIZE": "200"}, `OTEL_BSP_MAX_EXPORT_BATCH_SIZE="200": must be at most OTEL_BSP_MAX_QUEUE_SIZE (100): the SDK would use 100`},
		{map[string]string{"OTEL_EXPORTER_OTLP_COMPRESSION": "zstd"}, `OTEL_EXPORTER_OTLP_COMPRESSION="zstd": want gzip or none`},
		{map[string]string{"OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT": "lots"}, `OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT="lots": want a whole number from -1 to 2147483647`},
		{map[string]string{"OTEL_SPAN_EVENT_COUNT_LIMIT": "-2"}, `OTEL_SPAN_EVENT_COUNT_LIMIT="-2": must be at least -1: write -1 for no limit`},
		{map[string]string{"OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE": "/otlp/tls.crt"}, `OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE and OTEL_EXPORTER_OTLP_CLIENT_KEY must be set together`},
		{map[string]string{"OTEL_EXPORTER_OTLP_METRICS_CLIENT_KEY": "/otlp/tls.key"}, `OTEL_EXPORTER_OTLP_METRICS_CLIENT_CERTIFICATE and OTEL_EXPORTER_OTLP_METRICS_CLIENT_KEY must be set together`},
		{map[string]string{"HTTP_ADDR": ":8080", "ADMIN_ADDR": ":8080", "PPROF_ENABLED": "true", "PPROF_TOKEN": "0123456789abcdef"}, `HTTP_ADDR=":8080" and ADMIN_ADDR=":8080" listen on the same port`},
		{map[string]string{"PPROF_MAX_SECONDS": "90000"}, `PPROF_MAX_SECONDS="90000": want at most 86400 (a day)`},
		{map[string]string{"HTTP_ADDR": ":8080", "ADMIN_ADDR": "127.0.0.1:08080", "PPROF_ENABLED": "true", "PPROF_TOKEN": "0123456789abcdef"}, `listen on the same port`},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			_, err := Load(env(tt.vars))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Load(%v) = %v, want an error saying %q", tt.vars, err, tt.want)
			}
		})
	}
}

// TestLoadMillisecondsNotADuration: a duration given where milliseconds are
// wanted is refused with the milliseconds it means and the duration as the
// README writes one (1m, not time.Duration's 1m0s).
func TestLoadMillisecondsNotADuration(t *testing.T) {
	for _, tt := range []struct{ value, want string }{
		{"60s", "60000 for 1m"},
		{"2h", "7200000 for 2h"},
		{"1m30s", "90000 for 1m30s"},
	} {
		_, err := Load(env(map[string]string{"OTEL_EXPORTER_OTLP_TIMEOUT": tt.value}))
		if want := "want milliseconds, not a duration: " + tt.want; err == nil || !strings.HasSuffix(err.Error(), want) {
			t.Errorf("OTEL_EXPORTER_OTLP_TIMEOUT=%s: %v, want an error ending %q", tt.value, err, want)
		}
	}
}

// TestLoadOTelSDKValues: every sampler and propagator the SDK knows loads,
// as the SDK reads them (the sampler in any case, with spaces around).
func TestLoadOTelSDKValues(t *testing.T) {
	for _, vars := range []map[string]string{
		{"OTEL_TRACES_SAMPLER": "always_on"},
		{"OTEL_TRACES_SAMPLER": "always_off"},
		{"OTEL_TRACES_SAMPLER": "traceidratio", "OTEL_TRACES_SAMPLER_ARG": "0.25"},
		{"OTEL_TRACES_SAMPLER": "parentbased_always_on"},
		{"OTEL_TRACES_SAMPLER": "parentbased_always_off"},
		{"OTEL_TRACES_SAMPLER": " ParentBased_TraceIDRatio ", "OTEL_TRACES_SAMPLER_ARG": " 0 "},
		{"OTEL_TRACES_SAMPLER": "parentbased_traceidratio"},
		// The SDK ignores the argument of the other samplers.
		{"OTEL_TRACES_SAMPLER": "always_on", "OTEL_TRACES_SAMPLER_ARG": "0.5"},
		{"OTEL_PROPAGATORS": "tracecontext,baggage,b3,b3multi,jaeger,xray,ottrace"},
		{"OTEL_PROPAGATORS": "none"},
		// The numbers and values the SDK and the OTLP exporters read, as
		// they read them (the exporters trim).
		{"OTEL_METRIC_EXPORT_INTERVAL": "10000", "OTEL_METRIC_EXPORT_TIMEOUT": "5000"},
		{"OTEL_BSP_SCHEDULE_DELAY": "1000", "OTEL_BSP_EXPORT_TIMEOUT": "0"},
		{"OTEL_BSP_MAX_QUEUE_SIZE": "4096", "OTEL_BSP_MAX_EXPORT_BATCH_SIZE": "4096"},
		{"OTEL_BSP_MAX_QUEUE_SIZE": "2147483647"},
		{"OTEL_EXPORTER_OTLP_TIMEOUT": " 5000 ", "OTEL_EXPORTER_OTLP_TRACES_TIMEOUT": "0", "OTEL_EXPORTER_OTLP_METRICS_TIMEOUT": "20000"},
		{"OTEL_EXPORTER_OTLP_COMPRESSION": "gzip", "OTEL_EXPORTER_OTLP_TRACES_COMPRESSION": "none"},
		{"OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE": "Delta", "OTEL_EXPORTER_OTLP_METRICS_DEFAULT_HISTOGRAM_AGGREGATION": "base2_exponential_bucket_histogram"},
		{"OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE": "/otlp/tls.crt", "OTEL_EXPORTER_OTLP_CLIENT_KEY": "/otlp/tls.key"},
		{"OTEL_SDK_DISABLED": "false"},
		// The span limits, -1 for no limit and 0 for none kept.
		{"OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT": "64", "OTEL_SPAN_EVENT_COUNT_LIMIT": "-1", "OTEL_SPAN_LINK_COUNT_LIMIT": "0"},
		{"OTEL_EVENT_ATTRIBUTE_COUNT_LIMIT": "2147483647", "OTEL_LINK_ATTRIBUTE_COUNT_LIMIT": "+8"},
		{"OTEL_ATTRIBUTE_COUNT_LIMIT": "256", "OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT": "-1", "OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT": "4096"},
	} {
		if _, err := Load(env(vars)); err != nil {
			t.Errorf("Load(%v): %v", vars, err)
		}
	}
}

// TestOTelSDKValuesMatchTheSDK: the samplers and propagators Load accepts
// are those of the SDK and autoprop versions in go.mod, which report an
// error for any other.
func TestOTelSDKValuesMatchTheSDK(t *testing.T) {
	var reported []error
	otel.SetErrorHandler(otel.ErrorHandlerFunc(func(err error) { reported = append(reported, err) }))
	t.Cleanup(func() { otel.SetErrorHandler(otel.ErrorHandlerFunc(func(error) {})) })
	for _, sampler := range append(samplers, "bogus") {
		reported = nil
		t.Setenv("OTEL_TRACES_SAMPLER", sampler)
		if err := sdktrace.NewTracerProvider().Shutdown(t.Context()); err != nil {
			t.Fatal(err)
		}
		if got, want := len(reported) == 0, sampler != "bogus"; got != want {
			t.Errorf("OTEL_TRACES_SAMPLER=%s: the SDK reported %v", sampler, reported)
		}
	}
	for _, name := range append(propagators, "bogus") {
		if _, err := autoprop.TextMapPropagator(name); (err == nil) != (name != "bogus") {
			t.Errorf("propagator %s: autoprop says %v", name, err)
		}
	}
}

// TestLoadOutboundTimeoutWithinWriteTimeout: the longest OUTBOUND_TIMEOUT
// accepted leaves the public server time to write the 504 of a timed-out
// call before its WriteTimeout.
func TestLoadOutboundTimeoutWithinWriteTimeout(t *testing.T) {
	cfg, err := Load(env(map[string]string{"OUTBOUND_TIMEOUT": maxOutboundTimeout.String()}))
	if err != nil || cfg.Outbound.Timeout != maxOutboundTimeout {
		t.Fatalf("OUTBOUND_TIMEOUT=%v: %v, %v", maxOutboundTimeout, err, cfg.Outbound.Timeout)
	}
	if maxOutboundTimeout <= 0 || maxOutboundTimeout >= httpserver.WriteTimeout {
		t.Errorf("longest OUTBOUND_TIMEOUT %v, want it positive and below the write timeout %v", maxOutboundTimeout, httpserver.WriteTimeout)
	}
}

// TestLoadHosts: listen addresses with a host name or an IP address load.
func TestLoadHosts(t *testing.T) {
	for _, addr := range []string{"localhost:8080", "[::1]:8080", "[fe80::1%eth0]:8080", "0.0.0.0:8080", "orders.default.svc.cluster.local:8080", "10.0.0.7:8080"} {
		cfg, err := Load(env(map[string]string{"HTTP_ADDR": addr}))
		if err != nil || cfg.HTTP.Addr != addr {
			t.Errorf("HTTP_ADDR=%q: %v, %q", addr, err, cfg.HTTP.Addr)
		}
	}
}

// TestLoadAdminPortOnlyWhenEnabled: the admin listener's address matters only when
// it listens: with pprof off, the service may use the admin port's number.
func TestLoadAdminPortOnlyWhenEnabled(t *testing.T) {
	cfg, err := Load(env(map[string]string{"HTTP_ADDR": ":6060"}))
	if err != nil || cfg.HTTP.Addr != ":6060" {
		t.Errorf("HTTP_ADDR=:6060 with pprof off: %v, %q", err, cfg.HTTP.Addr)
	}
}

// TestLoadListenersOnOnePort: with pprof on, HTTP_ADDR and ADMIN_ADDR on one
// port are refused when one listens on every address or both on the same
// one, however spelled; on distinct addresses they load. A zone tells
// link-local addresses apart only: the kernel binds ::1%lo as ::1. A zone
// naming an interface is its index; a zone naming none is the number its
// leading digits spell, as net.Listen reads it, or else only itself.
func TestLoadListenersOnOnePort(t *testing.T) {
	check := func(t *testing.T, httpAddr, adminAddr string, clash bool) {
		t.Helper()
		_, err := Load(env(map[string]string{"HTTP_ADDR": httpAddr, "ADMIN_ADDR": adminAddr, "PPROF_ENABLED": "true", "PPROF_TOKEN": "0123456789abcdef"}))
		want := fmt.Sprintf("HTTP_ADDR=%q and ADMIN_ADDR=%q listen on the same port: give the admin listener a port of its own", httpAddr, adminAddr)
		if clash && (err == nil || !strings.Contains(err.Error(), want)) {
			t.Errorf("HTTP_ADDR=%q, ADMIN_ADDR=%q: %v, want an error saying %q", httpAddr, adminAddr, err, want)
		}
		if !clash && err != nil {
			t.Errorf("HTTP_ADDR=%q, ADMIN_ADDR=%q: %v, want no error", httpAddr, adminAddr, err)
		}
	}
	tests := []struct {
		http, admin string
		clash       bool
	}{
		{":8080", "0.0.0.0:8080", true},
		{"[::]:8080", "127.0.0.1:8080", true},
		{"0.0.0.0:8080", "[::1]:8080", true},
		{"127.0.0.1:8080", "localhost:8080", true},
		{"[::1]:8080", "LOCALHOST.:8080", true},
		{"127.0.0.1:8080", "[::ffff:127.0.0.1]:8080", true},
		{"[::1]:8080", "[0:0:0:0:0:0:0:1]:8080", true},
		{"Orders.internal:8080", "orders.internal:8080", true},
		{"[::ffff:0.0.0.0]:8080", "10.0.0.7:8080", true},
		{"[::1]:8080", "[::1%lo]:8080", true},
		{"[::1%lo]:8080", "[::1%1]:8080", true},
		{"[fd00::2%eth0]:8080", "[fd00::2]:8080", true},
		{"[::%lo]:8080", "127.0.0.1:8080", true},
		{"[fe80::1%eth0]:8080", "[fe80::1%eth0]:8080", true},
		{"[fe80::1%eth0]:8080", "[fe80::1%eth1]:8080", false},
		{"127.0.0.1:8080", "[::1]:8080", false},
		{"10.0.0.7:8080", "localhost:8080", false},
		{"127.0.0.1:8080", "127.0.0.2:8080", false},
		{"localhost:8080", "localhost:8081", false},
		{"[fe80::1%no-such-interface]:8080", "[fe80::1%no-such-interface]:8080", true},
		{"[fe80::1%no-such-interface]:8080", "[fe80::1%999999]:8080", false},
		{"[fe80::1%01]:8080", "[fe80::1%1]:8080", true},
		{"[fe80::1%1]:8080", "[fe80::1%001]:8080", true},
		{"[fe80::1%1x]:8080", "[fe80::1%1]:8080", true},
		{"[fe80::1%99999999999999999999]:8080", "[fe80::1%16777215]:8080", true},
		{"[fe80::1%01]:8080", "[fe80::1%2]:8080", false},
		{"[fe80::1%10]:8080", "[fe80::1%1]:8080", false},
	}
	for _, tt := range tests {
		check(t, tt.http, tt.admin, tt.clash)
	}

	t.Run("an interface by name and by index", func(t *testing.T) {
		ifaces, err := net.Interfaces()
		if err != nil {
			t.Fatal(err)
		}
		i := slices.IndexFunc(ifaces, func(ifi net.Interface) bool { return ifi.Flags&net.FlagLoopback != 0 })
		if i < 0 {
			t.Skip("no loopback interface")
		}
		name, index := ifaces[i].Name, strconv.Itoa(ifaces[i].Index)
		check(t, "[fe80::1%"+name+"]:8080", "[fe80::1%"+index+"]:8080", true)
		check(t, "[fe80::1%"+index+"]:8080", "[fe80::1%"+name+"]:8080", true)
		check(t, "[fe80::1%"+name+"]:8080", "[fe80::1%999999]:8080", false)
	})
}

// TestLoadInvalidListenerNoClash: an invalid HTTP_ADDR or ADMIN_ADDR gets its
// own error only, not a same-port error about the default it is not.
func TestLoadInvalidListenerNoClash(t *testing.T) {
	for _, tt := range []struct{ http, admin, want string }{
		{":", "127.0.0.1:8080", `HTTP_ADDR=":": port must be a number from 1 to 65535`},
		{"localhost", ":8080", `HTTP_ADDR="localhost": want host:port`},
		{"api_host:8080", ":8080", `HTTP_ADDR="api_host:8080": host "api_host" is neither`},
		{":6060", "127.0.0.1:pprof", `ADMIN_ADDR="127.0.0.1:pprof": port must be a number from 1 to 65535`},
	} {
		_, err := Load(env(map[string]string{"HTTP_ADDR": tt.http, "ADMIN_ADDR": tt.admin, "PPROF_ENABLED": "true", "PPROF_TOKEN": "0123456789abcdef"}))
		if err == nil || !strings.Contains(err.Error(), tt.want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("HTTP_ADDR=%q, ADMIN_ADDR=%q: %v, want only the error saying %q", tt.http, tt.admin, err, tt.want)
		}
	}
}

// TestAdminLoopback: only a loopback host keeps the admin listener off the
// network; the service warns at start for any other.
func TestAdminLoopback(t *testing.T) {
	for addr, want := range map[string]bool{
		"127.0.0.1:6060":      true,
		"127.0.0.2:6060":      true,
		"[::1]:6060":          true,
		"localhost:6060":      true,
		"LocalHost:6060":      true,
		":6060":               false,
		"0.0.0.0:6060":        false,
		"[::]:6060":           false,
		"10.0.0.7:6060":       false,
		"admin.internal:6060": false,
	} {
		if got := (Admin{Addr: addr}).Loopback(); got != want {
			t.Errorf("Admin{Addr: %q}.Loopback() = %v, want %v", addr, got, want)
		}
	}
}

func TestLoadAutoMemLimit(t *testing.T) {
	tests := []struct {
		value     string
		wantRatio float64
		wantOff   bool
	}{
		{"off", 0.9, true},
		{"0.5", 0.5, false},
		{"1", 1, false},
		{"", 0.9, false},
	}
	for _, tt := range tests {
		t.Run(tt.value, func(t *testing.T) {
			cfg, err := Load(env(map[string]string{"AUTOMEMLIMIT": tt.value}))
			if err != nil {
				t.Fatal(err)
			}
			if cfg.Memory.LimitRatio != tt.wantRatio || cfg.Memory.LimitOff != tt.wantOff {
				t.Errorf("Load() ratio %v, off %v; want %v, %v", cfg.Memory.LimitRatio, cfg.Memory.LimitOff, tt.wantRatio, tt.wantOff)
			}
		})
	}
	// automemlimit's variable wins over GOMEMLIMIT_RATIO, as in the library.
	cfg, err := Load(env(map[string]string{"AUTOMEMLIMIT": "0.7", "GOMEMLIMIT_RATIO": "0.5"}))
	if err != nil || cfg.Memory.LimitRatio != 0.7 {
		t.Errorf("Load() ratio %v, error %v; want 0.7", cfg.Memory.LimitRatio, err)
	}
}

func TestLoadReportsEveryInvalidVariable(t *testing.T) {
	_, err := Load(env(map[string]string{"LOG_LEVEL": "loud", "SHUTDOWN_DELAY": "x"}))
	if err == nil {
		t.Fatal("Load() succeeded, want error")
	}
	for _, name := range []string{"LOG_LEVEL", "SHUTDOWN_DELAY"} {
		if !strings.Contains(err.Error(), name) {
			t.Errorf("error %q does not name %s", err, name)
		}
	}
}

func TestLoadOTelExporters(t *testing.T) {
	tests := []struct {
		name                    string
		env                     map[string]string
		wantTraces, wantMetrics string
	}{
		{"nothing set", nil, "none", "none"},
		{"endpoint", map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "http://collector:4318"}, "otlp", "otlp"},
		{"traces endpoint only", map[string]string{"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "http://collector:4318/v1/traces"}, "otlp", "none"},
		{"metrics endpoint only", map[string]string{"OTEL_EXPORTER_OTLP_METRICS_ENDPOINT": "http://collector:4318/v1/metrics"}, "none", "otlp"},
		{"explicit none wins over the endpoint", map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "http://collector:4318", "OTEL_TRACES_EXPORTER": "none"}, "none", "otlp"},
		{"otlp to the default endpoint", map[string]string{"OTEL_TRACES_EXPORTER": "otlp"}, "otlp", "none"},
		{"console", map[string]string{"OTEL_TRACES_EXPORTER": "console", "OTEL_METRICS_EXPORTER": "console"}, "console", "console"},
		{"http/json for traces", map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "http://collector:4318", "OTEL_EXPORTER_OTLP_PROTOCOL": "http/json", "OTEL_EXPORTER_OTLP_METRICS_PROTOCOL": "http/protobuf"}, "otlp", "otlp"},
		{"http/json without metrics", map[string]string{"OTEL_TRACES_EXPORTER": "otlp", "OTEL_EXPORTER_OTLP_PROTOCOL": "http/json"}, "otlp", "none"},
		{"per-signal protocol wins", map[string]string{"OTEL_TRACES_EXPORTER": "otlp", "OTEL_EXPORTER_OTLP_PROTOCOL": "grpc", "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL": "http/protobuf"}, "otlp", "none"},
		{"grpc without otlp", map[string]string{"OTEL_EXPORTER_OTLP_PROTOCOL": "grpc"}, "none", "none"},
		// Enum values in any case, trimmed, as the OpenTelemetry
		// specification asks and as the other OTEL_* variables are read.
		{"values in any case", map[string]string{"OTEL_TRACES_EXPORTER": "OTLP", "OTEL_METRICS_EXPORTER": " Console "}, "otlp", "console"},
		{"None in any case wins over the endpoint", map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "http://collector:4318", "OTEL_METRICS_EXPORTER": "NONE"}, "otlp", "none"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := Load(env(tt.env))
			if err != nil {
				t.Fatal(err)
			}
			if cfg.OTel.TracesExporter != tt.wantTraces || cfg.OTel.MetricsExporter != tt.wantMetrics {
				t.Errorf("exporters %+v, want traces %s and metrics %s", cfg.OTel, tt.wantTraces, tt.wantMetrics)
			}
		})
	}
}

func TestLoadOTLPOverGRPCIsRefused(t *testing.T) {
	for _, name := range []string{"OTEL_EXPORTER_OTLP_PROTOCOL", "OTEL_EXPORTER_OTLP_METRICS_PROTOCOL"} {
		t.Run(name, func(t *testing.T) {
			_, err := Load(env(map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "http://collector:4317", name: "grpc"}))
			if err == nil || !strings.Contains(err.Error(), name+`="grpc": this service exports OTLP over HTTP only`) {
				t.Fatalf("Load() error = %v, want one naming %s", err, name)
			}
		})
	}
}

// TestLoadOTLPMetricsOverJSONIsRefused: the metrics exporter posts protobuf
// whatever the protocol variables say, so http/json for metrics stops the
// service, naming the variable that asked for it.
func TestLoadOTLPMetricsOverJSONIsRefused(t *testing.T) {
	for _, tt := range []struct {
		env  map[string]string
		name string // the variable the error must name
	}{
		{map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "http://collector:4318", "OTEL_EXPORTER_OTLP_PROTOCOL": "http/json"}, "OTEL_EXPORTER_OTLP_PROTOCOL"},
		{map[string]string{"OTEL_METRICS_EXPORTER": "otlp", "OTEL_EXPORTER_OTLP_METRICS_PROTOCOL": "http/json"}, "OTEL_EXPORTER_OTLP_METRICS_PROTOCOL"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Load(env(tt.env))
			if err == nil || !strings.Contains(err.Error(), tt.name+`="http/json": this service exports metrics as OTLP http/protobuf only`) {
				t.Fatalf("Load() error = %v, want one naming %s", err, tt.name)
			}
		})
	}
}

// TestLoadOTLPEndpoints: the endpoints load as the exporters read them
// (trimmed); a value the exporters could not post to stops the service.
func TestLoadOTLPEndpoints(t *testing.T) {
	for _, tt := range []struct{ name, value string }{
		{"OTEL_EXPORTER_OTLP_ENDPOINT", "http://otel-collector:4318"},
		{"OTEL_EXPORTER_OTLP_ENDPOINT", "https://otlp.example.com/prefix/"},
		{"OTEL_EXPORTER_OTLP_ENDPOINT", " http://[::1]:4318 "},
		{"OTEL_EXPORTER_OTLP_ENDPOINT", "HTTP://otel-collector:4318"},
		{"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://otel-collector:4318/v1/traces"},
		{"OTEL_EXPORTER_OTLP_METRICS_ENDPOINT", "https://otlp.example.com"},
	} {
		t.Run(tt.name+"="+tt.value, func(t *testing.T) {
			if _, err := Load(env(map[string]string{tt.name: tt.value})); err != nil {
				t.Errorf("Load() error = %v", err)
			}
		})
	}
	// Credentials in the URL are not shown, whatever the problem; a value in
	// which they cannot be told apart is not shown at all.
	for _, tt := range []struct{ value, want string }{
		{"otel-collector:4318?api-key=s3cr3t", `OTEL_EXPORTER_OTLP_ENDPOINT="otel-collector:4318": want an absolute http or https URL with a host, e.g. http://otel-collector:4318 (shown without user info, query and fragment)`},
		{"//user:s3cr3t@otel-collector:4318", `OTEL_EXPORTER_OTLP_ENDPOINT="//otel-collector:4318": want an absolute`},
		{"otel-collector:4318#s3cr3t", `OTEL_EXPORTER_OTLP_ENDPOINT="otel-collector:4318": want an absolute`},
		{"https://user:s3cr3t@otel-collector:99999", `OTEL_EXPORTER_OTLP_ENDPOINT="https://otel-collector:99999": port must be a number from 1 to 65535, e.g. http://otel-collector:4318 (shown without user info, query and fragment)`},
		{"https://user:s3cr3t@otel-collector:4318/%zz", `OTEL_EXPORTER_OTLP_ENDPOINT: want an absolute http or https URL with a host, e.g. http://otel-collector:4318 (value not shown: it may hold user info, a query or a fragment, which cannot be told apart in it)`},
		{"user:s3cr3t@otel-collector:4318", `OTEL_EXPORTER_OTLP_ENDPOINT: want an absolute http or https URL with a host, e.g. http://otel-collector:4318 (value not shown`},
	} {
		t.Run(tt.value, func(t *testing.T) {
			_, err := Load(env(map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": tt.value}))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Load() error = %v, want one saying %q", err, tt.want)
			}
			if strings.Contains(err.Error(), "s3cr3t") {
				t.Errorf("error %q shows a secret", err)
			}
		})
	}
}

// TestLoadOTLPEndpointCredentials: an endpoint with user info, a query or a
// fragment, which the exporters would drop without a word (and with them the
// credentials a collector needs), stops the service with an error naming the
// endpoint and the variable of its headers, without the credentials.
func TestLoadOTLPEndpointCredentials(t *testing.T) {
	for _, e := range []struct{ name, headers string }{
		{"OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_HEADERS"},
		{"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_HEADERS"},
		{"OTEL_EXPORTER_OTLP_METRICS_ENDPOINT", "OTEL_EXPORTER_OTLP_METRICS_HEADERS"},
	} {
		for _, tt := range []struct{ value, shown string }{
			{"http://alice:s3cr3t@collector:4318", `="http://collector:4318": want no user info, query or fragment`},
			{" http://alice@collector:4318/v1/traces ", `=" http://collector:4318/v1/traces ": want no user info`},
			{"https://collector/otlp?api_key=s3cr3t", `="https://collector/otlp": want no user info`},
			{"https://collector/otlp?", `="https://collector/otlp": want no user info`},
			{"https://collector/otlp#s3cr3t", `="https://collector/otlp": want no user info`},
			// An '@' in the path: where the user info ends cannot be told.
			{"http://alice/x/s3cr3t@collector:4318?k=v", `: want no user info, query or fragment: the OTLP exporters send only the scheme, host and path`},
		} {
			t.Run(e.name+"="+tt.value, func(t *testing.T) {
				_, err := Load(env(map[string]string{e.name: tt.value}))
				if err == nil || !strings.Contains(err.Error(), e.name+tt.shown) || !strings.Contains(err.Error(), "send credentials as a header of "+e.headers+", e.g. Authorization=Basic%20") {
					t.Fatalf("Load() error = %v, want one saying %q and pointing to %s", err, e.name+tt.shown, e.headers)
				}
				if strings.Contains(err.Error(), "s3cr3t") || strings.Contains(err.Error(), "alice") {
					t.Errorf("error %q shows the credentials", err)
				}
			})
		}
	}
}

// TestLoadOTelSDKDisabled: OTEL_SDK_DISABLED=true, in any case, turns both
// exporters off whatever else is set; false changes nothing.
func TestLoadOTelSDKDisabled(t *testing.T) {
	all := map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "http://collector:4318", "OTEL_TRACES_EXPORTER": "console", "OTEL_METRICS_EXPORTER": "otlp"}
	for value, want := range map[string]OTel{
		"true":  {TracesExporter: "none", MetricsExporter: "none"},
		"TRUE":  {TracesExporter: "none", MetricsExporter: "none"},
		"false": {TracesExporter: "console", MetricsExporter: "otlp"},
		"":      {TracesExporter: "console", MetricsExporter: "otlp"},
	} {
		vars := map[string]string{"OTEL_SDK_DISABLED": value}
		for k, v := range all {
			vars[k] = v
		}
		cfg, err := Load(env(vars))
		if err != nil || cfg.OTel != want {
			t.Errorf("OTEL_SDK_DISABLED=%q: %+v, %v, want %+v", value, cfg.OTel, err, want)
		}
	}
}

// TestLoadOTLPHeaders: the headers load when the exporters would send every
// entry; otherwise the error names the variable and the entry's position,
// never the value, which holds credentials.
func TestLoadOTLPHeaders(t *testing.T) {
	for _, value := range []string{"Authorization=Basic%20czNjcjN0", "api-key=s3cr3t,x-tenant=acme", " Authorization = Basic s3cr3t ", "x-scope=a%2Cb"} {
		for _, name := range []string{"OTEL_EXPORTER_OTLP_HEADERS", "OTEL_EXPORTER_OTLP_TRACES_HEADERS", "OTEL_EXPORTER_OTLP_METRICS_HEADERS"} {
			if _, err := Load(env(map[string]string{name: value})); err != nil {
				t.Errorf("%s=%q: %v", name, value, err)
			}
		}
	}
	for _, tt := range []struct{ value, want string }{
		{"Authorization:Basic s3cr3t", "entry 1 has no '=' (HTTP's ':' is not the separator here): write key=value"},
		{"x-tenant=acme,api-key s3cr3t", "entry 2 has no '=': write key=value"},
		{"x-tenant=acme,,api-key=s3cr3t", "entry 2 is empty"},
		{"=s3cr3t", "entry 1 has an empty key"},
		{"api key=s3cr3t", "entry 1 has an empty key or one that is not an HTTP header name"},
		{"api-key=s3cr3t%zz", "entry 1 has a value that is not URL-encoded"},
	} {
		for _, name := range []string{"OTEL_EXPORTER_OTLP_HEADERS", "OTEL_EXPORTER_OTLP_TRACES_HEADERS", "OTEL_EXPORTER_OTLP_METRICS_HEADERS"} {
			_, err := Load(env(map[string]string{name: tt.value}))
			if err == nil || !strings.Contains(err.Error(), name+": "+tt.want) || !strings.Contains(err.Error(), "(value not shown)") {
				t.Errorf("%s=%q: error %v, want one saying %q", name, tt.value, err, tt.want)
				continue
			}
			if strings.Contains(err.Error(), "s3cr3t") {
				t.Errorf("%s: error %q shows the value", name, err)
			}
		}
	}
}

// TestLoadResourceAttributes: OTEL_RESOURCE_ATTRIBUTES is checked as the
// SDK reads it; an entry it would fail on, drop or not decode stops Load
// with an error naming the variable and the entry, where the SDK would stop
// the service without naming the variable or start with a wrong attribute.
func TestLoadResourceAttributes(t *testing.T) {
	for _, value := range []string{"deployment.environment=prod", "deployment.environment=prod,team=orders", " team = orders ", "team=a%2Cb", "note="} {
		if _, err := Load(env(map[string]string{"OTEL_RESOURCE_ATTRIBUTES": value})); err != nil {
			t.Errorf("OTEL_RESOURCE_ATTRIBUTES=%q: %v", value, err)
		}
	}
	for _, tt := range []struct{ value, want string }{
		{"deployment.environment=prod,team", "entry 2 has no '='"},
		{"team=orders,", "entry 2 is empty"},
		{"=orders", "entry 1 has an empty key"},
		{"share=100%", "entry 1 has a value that is not URL-encoded"},
	} {
		_, err := Load(env(map[string]string{"OTEL_RESOURCE_ATTRIBUTES": tt.value}))
		if err == nil || !strings.Contains(err.Error(), "OTEL_RESOURCE_ATTRIBUTES=") || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("OTEL_RESOURCE_ATTRIBUTES=%q: error %v, want one naming it and saying %q", tt.value, err, tt.want)
		}
	}
}

// TestLoadDownstreamURLSecretsNotShown: DOWNSTREAM_URL is shown without user
// info, query and fragment whatever its problem (a bad port too), its
// surrounding whitespace kept; a value in which they cannot be told apart is
// not shown at all.
func TestLoadDownstreamURLSecretsNotShown(t *testing.T) {
	const base = `DOWNSTREAM_URL="http://inventory/api": want a base URL without query, fragment or user info (shown without user info, query and fragment)`
	for _, tt := range []struct{ value, want string }{
		{"http://inventory/api?token=s3cr3t", base},
		{"http://inventory/api#s3cr3t", base},
		{"http://user:s3cr3t@inventory/api", base},
		{"https://user:s3cr3t@inventory:99999/", `DOWNSTREAM_URL="https://inventory:99999/": port must be a number from 1 to 65535 (shown without user info, query and fragment)`},
		{"https://inventory:0/?api_key=s3cr3t", `DOWNSTREAM_URL="https://inventory:0/": port must be a number from 1 to 65535 (shown`},
		{"http://svc:s3cr3t@:8081/base", `DOWNSTREAM_URL="http://:8081/base": want an absolute http or https URL with a host (shown`},
		{" https://user:s3cr3t@inventory:8443\n", `DOWNSTREAM_URL=" https://inventory:8443\n": want an absolute http or https URL with a host (shown`},
		{"https://user:s3cr3t@inventory/%zz", `DOWNSTREAM_URL: want an absolute http or https URL with a host (value not shown: it may hold user info, a query or a fragment, which cannot be told apart in it)`},
		{"user:s3cr3t@inventory:8443", `DOWNSTREAM_URL: want an absolute http or https URL with a host (value not shown`},
		// An '@' in the path of a URL without a port, after a second '/', loads,
		// but where user info would end cannot be told.
		{"http://alice/x/s3cr3t@inventory/api?v=1", `DOWNSTREAM_URL: want a base URL without query, fragment or user info (value not shown`},
		{"https://inventory/%zz", `DOWNSTREAM_URL="https://inventory/%zz": want an absolute http or https URL with a host`},
	} {
		t.Run(tt.value, func(t *testing.T) {
			_, err := Load(env(map[string]string{"DOWNSTREAM_URL": tt.value}))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Load() error = %v, want one saying %q", err, tt.want)
			}
			if strings.Contains(err.Error(), "s3cr3t") {
				t.Errorf("error %q shows a secret", err)
			}
		})
	}
}

func TestLoadTLSFilesTogether(t *testing.T) {
	tests := []struct {
		name    string
		env     map[string]string
		wantErr string
	}{
		{"cert without key", map[string]string{"TLS_CERT_FILE": "tls.crt"}, "TLS_CERT_FILE and TLS_KEY_FILE must be set together"},
		{"key without cert", map[string]string{"TLS_KEY_FILE": "tls.key"}, "TLS_CERT_FILE and TLS_KEY_FILE must be set together"},
		{"client cas without tls", map[string]string{"TLS_CLIENT_CA_FILES": "ca.crt"}, "TLS_CLIENT_CA_FILES needs TLS_CERT_FILE"},
		{"client cas without healthcheck certificate", map[string]string{"TLS_CERT_FILE": "tls.crt", "TLS_KEY_FILE": "tls.key", "TLS_CLIENT_CA_FILES": "ca.crt"}, "TLS_CLIENT_CA_FILES needs HEALTHCHECK_CERT_FILE and HEALTHCHECK_KEY_FILE"},
		{"healthcheck cert without key", map[string]string{"HEALTHCHECK_CERT_FILE": "probe.crt"}, "HEALTHCHECK_CERT_FILE and HEALTHCHECK_KEY_FILE"},
		// Set but empty is not unset: mutual TLS would be off without a word.
		{"empty client cas", map[string]string{"TLS_CERT_FILE": "tls.crt", "TLS_KEY_FILE": "tls.key", "TLS_CLIENT_CA_FILES": "",
			"HEALTHCHECK_CERT_FILE": "probe.crt", "HEALTHCHECK_KEY_FILE": "probe.key"}, `TLS_CLIENT_CA_FILES="": set but empty`},
		{"empty server pair", map[string]string{"TLS_CERT_FILE": "", "TLS_KEY_FILE": "", "HEALTHCHECK_CA_FILE": "ca.crt"}, `TLS_KEY_FILE="": set but empty`},
		// The healthcheck's client certificate is only meaningful when client
		// certificates are required.
		{"healthcheck pair without client cas", map[string]string{"TLS_CERT_FILE": "tls.crt", "TLS_KEY_FILE": "tls.key",
			"HEALTHCHECK_CERT_FILE": "probe.crt", "HEALTHCHECK_KEY_FILE": "probe.key"}, "HEALTHCHECK_CERT_FILE and HEALTHCHECK_KEY_FILE are only used when TLS_CLIENT_CA_FILES requires client certificates"},
		{"healthcheck pair without tls", map[string]string{"HEALTHCHECK_CERT_FILE": "probe.crt", "HEALTHCHECK_KEY_FILE": "probe.key"}, "are only used when TLS_CLIENT_CA_FILES requires"},
		{"healthcheck ca without tls", map[string]string{"HEALTHCHECK_CA_FILE": "ca.crt"}, "HEALTHCHECK_CA_FILE is only used when the service serves TLS"},
		{"outbound tls without downstream", map[string]string{"OUTBOUND_TLS_CA_FILES": "ca.crt"}, "OUTBOUND_TLS_CA_FILES set, but only an https DOWNSTREAM_URL uses them"},
		{"outbound tls with http downstream", map[string]string{"DOWNSTREAM_URL": "http://peer:8080", "OUTBOUND_TLS_CERT_FILE": "out.crt", "OUTBOUND_TLS_KEY_FILE": "out.key"}, "OUTBOUND_TLS_CERT_FILE, OUTBOUND_TLS_KEY_FILE set, but only an https DOWNSTREAM_URL"},
		{"outbound cert without key", map[string]string{"OUTBOUND_TLS_CERT_FILE": "out.crt"}, "OUTBOUND_TLS_CERT_FILE and OUTBOUND_TLS_KEY_FILE must be set together"},
		{"outbound key without cert", map[string]string{"OUTBOUND_TLS_KEY_FILE": "out.key"}, "OUTBOUND_TLS_CERT_FILE and OUTBOUND_TLS_KEY_FILE must be set together"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Load(env(tt.env))
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("Load() error = %v, want one containing %q", err, tt.wantErr)
			}
		})
	}

	cfg, err := Load(env(map[string]string{"TLS_CERT_FILE": "tls.crt", "TLS_KEY_FILE": "tls.key"}))
	if err != nil {
		t.Fatal(err)
	}
	if !cfg.TLS.Enabled() || cfg.TLS.ClientCAFiles != nil {
		t.Errorf("Load() = %+v, want TLS without client CAs", cfg)
	}
	if _, err := Load(env(map[string]string{"TLS_CERT_FILE": "tls.crt", "TLS_KEY_FILE": "tls.key", "TLS_CLIENT_CA_FILES": "ca.crt",
		"HEALTHCHECK_CERT_FILE": "probe.crt", "HEALTHCHECK_KEY_FILE": "probe.key"})); err != nil {
		t.Errorf("Load() with client CAs and a healthcheck certificate: %v", err)
	}
	// The other TLS variables protect nothing by themselves: empty is unset.
	if _, err := Load(env(map[string]string{"TLS_CERT_FILE": "tls.crt", "TLS_KEY_FILE": "tls.key", "HEALTHCHECK_CA_FILE": "",
		"HEALTHCHECK_CERT_FILE": "", "HEALTHCHECK_KEY_FILE": "", "TLS_EXPIRY_WEBHOOK_URL": ""})); err != nil {
		t.Errorf("Load() with empty healthcheck variables: %v", err)
	}
}

func TestLoadDownstreamTLS(t *testing.T) {
	tests := []struct {
		url  string
		want bool
	}{
		{"", false},
		{"http://peer:8080", false},
		{"HTTP://peer:8080", false},
		{"https://peer:8443", true},
		{"HTTPS://peer:8443", true}, // url.Parse lowercases the scheme
		{"Https://peer:8443/api", true},
	}
	for _, tt := range tests {
		t.Run(tt.url, func(t *testing.T) {
			m := map[string]string{"DOWNSTREAM_URL": tt.url}
			if tt.want {
				m["OUTBOUND_TLS_CA_FILES"] = "ca.crt"
			}
			cfg, err := Load(env(m))
			if err != nil {
				t.Fatal(err)
			}
			if got := cfg.Outbound.UsesTLS(); got != tt.want {
				t.Errorf("UsesTLS() = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestLoadWebhookURLNotShown(t *testing.T) {
	// A port out of range is refused (every POST would fail) without the value.
	_, err := Load(env(map[string]string{"TLS_EXPIRY_WEBHOOK_URL": "https://hooks.example.com:99999/s3cr3t-path"}))
	if err == nil || !strings.Contains(err.Error(), "TLS_EXPIRY_WEBHOOK_URL: port must be a number from 1 to 65535 (value not shown)") || strings.Contains(err.Error(), "s3cr3t") {
		t.Errorf("a webhook URL with port 99999: %v", err)
	}
	for _, value := range []string{"hooks.example.com/s3cr3t-path", "ftp://hooks.example.com/s3cr3t-path", "https://", "https://:443/s3cr3t-path", "https://hooks.example.com/s3cr3t-path\x7f"} {
		t.Run(value, func(t *testing.T) {
			_, err := Load(env(map[string]string{"TLS_EXPIRY_WEBHOOK_URL": value}))
			if err == nil || !strings.Contains(err.Error(), "TLS_EXPIRY_WEBHOOK_URL: want an absolute http or https URL with a host") {
				t.Fatalf("Load() error = %v, want one naming TLS_EXPIRY_WEBHOOK_URL", err)
			}
			if strings.Contains(err.Error(), "s3cr3t") || strings.Contains(err.Error(), value) {
				t.Errorf("error %q shows the webhook URL", err)
			}
		})
	}
}

func TestLoadOutboundTLSDefaultsToServerPair(t *testing.T) {
	cfg, err := Load(env(map[string]string{"TLS_CERT_FILE": "tls.crt", "TLS_KEY_FILE": "tls.key", "DOWNSTREAM_URL": "https://peer:8443"}))
	if err != nil {
		t.Fatal(err)
	}
	if o := cfg.Outbound; o.TLSCertFile != "tls.crt" || o.TLSKeyFile != "tls.key" || o.TLSCAFiles != nil {
		t.Errorf("Load() = %+v, want the server pair as the outbound client certificate and the system roots", o)
	}
}

// TestLoadURLPasswordNotEncoded: a URL whose password holds a '/', '?' or
// '#' not percent-encoded, which url.Parse reads with the user as the host
// and the start of the password as the port, stops the service with an error
// that says to encode it and shows neither the user nor the password; so does
// one whose user holds one, which url.Parse reads with the start of the user
// as the host, the rest in the path, query or fragment; encoded, the
// webhook's URL, the one that takes user info, loads.
func TestLoadURLPasswordNotEncoded(t *testing.T) {
	vars := []string{
		"DOWNSTREAM_URL",
		"OTEL_EXPORTER_OTLP_ENDPOINT",
		"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
		"OTEL_EXPORTER_OTLP_METRICS_ENDPOINT",
		"TLS_EXPIRY_WEBHOOK_URL",
	}
	for _, name := range vars {
		for _, value := range []string{
			"https://admin:123/s3cr3t@inventory",
			"https://admin:123?s3cr3t@inventory/v1",
			"https://admin:123#s3cr3t@inventory",
			"http://admin:4318/s3cr3t@collector:4318/v1/traces",
			"https://admin:/s3cr3t@inventory", // the password starts with the '/'
			"https://admin/s3cr3t@inventory",  // the user holds the '/'
			"https://admin/s3cr3t:pw@inventory/v1",
			"https://admin?s3cr3t@inventory",
			"https://admin#s3cr3t@inventory/v1",
			"https://admin/s3cr3t%2Fpw@inventory", // a %2F is no '/'
		} {
			t.Run(name+"="+value, func(t *testing.T) {
				_, err := Load(env(map[string]string{name: value}))
				if err == nil || !strings.Contains(err.Error(), name+": an '@' after the host") || !strings.Contains(err.Error(), "percent-encode") {
					t.Fatalf("Load() error = %v, want one naming %s and saying to percent-encode the password", err, name)
				}
				if strings.Contains(err.Error(), "s3cr3t") || strings.Contains(err.Error(), "admin") {
					t.Errorf("error %q shows the user info", err)
				}
			})
		}
	}
	// The webhook's user info is sent (as Basic credentials); DOWNSTREAM_URL and the
	// OTLP endpoints take none at all.
	if _, err := Load(env(map[string]string{"TLS_EXPIRY_WEBHOOK_URL": "https://admin:123%2Fs3cr3t@inventory"})); err != nil {
		t.Errorf("TLS_EXPIRY_WEBHOOK_URL with the password percent-encoded: %v", err)
	}
}

// TestLoadURLAtAccepted: an '@' that cannot be the end of user info loads:
// written %40, as the error of an '@' after the host says to write it (with a
// '{' next to it too, which url.Parse escapes afresh, decoding the %40), and
// written as such in a URL without a port after a second '/', '?' or '#' (the
// path of a Teams webhook, an address in a query) or with user info.
func TestLoadURLAtAccepted(t *testing.T) {
	type variable struct {
		name string
		// query says whether the variable takes a query and user info.
		query bool
	}
	vars := []variable{
		{"DOWNSTREAM_URL", false},
		{"OTEL_EXPORTER_OTLP_ENDPOINT", false},
		{"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", false},
		{"OTEL_EXPORTER_OTLP_METRICS_ENDPOINT", false},
		{"TLS_EXPIRY_WEBHOOK_URL", true},
	}
	tests := []struct {
		value string
		query bool
	}{
		{"https://hooks.example.com:8443/webhook/0b1c%40tenant/IncomingWebhook", false},
		{"https://hooks.example.com:8443/webhook/0b1c%40tenant/{IncomingWebhook}", false},
		{"https://outlook.office.com/webhook/0b1c@72f9/IncomingWebhookV2/a1/b2", false},
		{"http://[::1]/base/a@b", false},
		{"http://inventory/users/a@b", false},
		{"https://hooks.example.com/notify?to=ops@example.com", true},
		{"https://hooks.example.com:8443/notify?to=ops%40example.com", true},
		{"https://hooks.example.com:8443/notify?to=ops%40example.com&x={y}", true},
		{"https://user:pw@hooks.example.com:8443/webhook/a@b", true},
	}
	for _, v := range vars {
		for _, tt := range tests {
			if tt.query && !v.query {
				continue
			}
			t.Run(v.name+"="+tt.value, func(t *testing.T) {
				if _, err := Load(env(map[string]string{v.name: tt.value})); err != nil {
					t.Errorf("Load() error = %v", err)
				}
			})
		}
	}
}

func TestLoadPProfToken(t *testing.T) {
	const secret = "s3cret-but-short"
	tests := []struct {
		name    string
		env     map[string]string
		wantErr string
	}{
		{"enabled without token", map[string]string{"PPROF_ENABLED": "true"}, "PPROF_TOKEN is required"},
		{"short token", map[string]string{"PPROF_ENABLED": "true", "PPROF_TOKEN": secret[:15]}, "at least 16 characters"},
		{"short multibyte token", map[string]string{"PPROF_ENABLED": "true", "PPROF_TOKEN": strings.Repeat("é", 15)}, "at least 16 characters"},
		{"disabled without token", map[string]string{"PPROF_ENABLED": "false"}, ""},
		{"token of 16 characters", map[string]string{"PPROF_ENABLED": "true", "PPROF_TOKEN": secret}, ""},
		{"token with trailing newline", map[string]string{"PPROF_ENABLED": "true", "PPROF_TOKEN": secret + "\n"}, "whitespace"},
		{"token with leading space", map[string]string{"PPROF_ENABLED": "true", "PPROF_TOKEN": " " + secret}, "whitespace"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Load(env(tt.env))
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("Load() error = %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("Load() error = %v, want one containing %q", err, tt.wantErr)
			}
			if strings.Contains(err.Error(), secret[:15]) {
				t.Errorf("error %q shows the token", err)
			}
		})
	}
}

// TestLoadPProfMaxSecondsBound: PPROF_MAX_SECONDS loads up to a day, the
// most the admin server takes (TestLoadInvalid: one second more does not).
func TestLoadPProfMaxSecondsBound(t *testing.T) {
	cfg, err := Load(env(map[string]string{"PPROF_MAX_SECONDS": "86400"}))
	if err != nil || cfg.PProf.MaxSeconds != 86400 {
		t.Errorf("PPROF_MAX_SECONDS=86400: %d, %v", cfg.PProf.MaxSeconds, err)
	}
}

// TestCheckArchiveDir: with pprof enabled, PPROF_ARCHIVE_DIR must be a
// directory the service can write, checked at start rather than when the
// first profile is served, and by the serving process alone: Load writes
// nothing.
func TestCheckArchiveDir(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "file")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	readOnly := filepath.Join(dir, "read-only")
	if err := os.Mkdir(readOnly, 0o500); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, dir, wantErr string
	}{
		{"writable", dir, ""},
		{"missing", filepath.Join(dir, "missing"), "no such directory"},
		{"a file", file, "not a directory"},
		{"read-only", readOnly, "the service cannot write in it: permission denied"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.name == "read-only" && os.Geteuid() == 0 {
				t.Skip("root writes in a read-only directory")
			}
			cfg, err := Load(env(map[string]string{"PPROF_ENABLED": "true", "PPROF_TOKEN": "0123456789abcdef", "PPROF_ARCHIVE_DIR": tt.dir}))
			if err != nil {
				t.Fatalf("Load() error = %v: the directory is for CheckArchiveDir", err)
			}
			err = cfg.PProf.CheckArchiveDir()
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("CheckArchiveDir() error = %v", err)
				}
				if entries, _ := os.ReadDir(tt.dir); len(entries) != 2 { // file and read-only
					t.Errorf("the check left files behind: %v", entries)
				}
				return
			}
			if want := `PPROF_ARCHIVE_DIR="` + tt.dir + `": ` + tt.wantErr; err == nil || !strings.Contains(err.Error(), want) {
				t.Fatalf("CheckArchiveDir() error = %v, want one containing %q", err, want)
			}
		})
	}
	// Only a running admin server archives.
	if err := (PProf{ArchiveDir: filepath.Join(dir, "missing")}).CheckArchiveDir(); err != nil {
		t.Errorf("CheckArchiveDir() with pprof disabled: %v", err)
	}
}
