package config

import (
	"log/slog"
	"reflect"
	"strings"
	"testing"
	"time"
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
		HTTPAddr:        ":8080",
		LogLevel:        slog.LevelInfo,
		ShutdownTimeout: 30 * time.Second,
		ShutdownDelay:   0,
		MemLimitRatio:   0.9,
		OutboundTimeout: 2 * time.Second,

		TLSReloadInterval: 30 * time.Second,
		TLSExpiryWarn:     720 * time.Hour,

		AdminAddr:        "127.0.0.1:6060",
		PProfMaxSeconds:  30,
		PProfArchiveKeep: 10,
		PProfCPUCeiling:  0.85,
	}
	if !reflect.DeepEqual(cfg, want) {
		t.Errorf("Load() = %+v, want %+v", cfg, want)
	}
}

func TestLoadValues(t *testing.T) {
	cfg, err := Load(env(map[string]string{
		"HTTP_ADDR":        "127.0.0.1:9000",
		"LOG_LEVEL":        "DEBUG",
		"SHUTDOWN_TIMEOUT": "10s",
		"SHUTDOWN_DELAY":   "5s",
		"GOMEMLIMIT_RATIO": "1",
		"HTTP_UNRELATED":   "x",
		"DOWNSTREAM_URL":   "https://inventory.internal:8443/api",
		"OUTBOUND_TIMEOUT": "750ms",

		"TLS_CERT_FILE":          "/tls/tls.crt",
		"TLS_KEY_FILE":           "/tls/tls.key",
		"TLS_CLIENT_CA_FILES":    " /tls/ca.crt, ,/tls/ca-next.crt,",
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
		"PPROF_ARCHIVE_DIR":  "/var/lib/profiles",
		"PPROF_ARCHIVE_KEEP": "3",
		"PPROF_CPU_CEILING":  "0.5",
	}))
	if err != nil {
		t.Fatal(err)
	}
	want := Config{
		HTTPAddr:        "127.0.0.1:9000",
		LogLevel:        slog.LevelDebug,
		ShutdownTimeout: 10 * time.Second,
		ShutdownDelay:   5 * time.Second,
		MemLimitRatio:   1,
		DownstreamURL:   "https://inventory.internal:8443/api",
		OutboundTimeout: 750 * time.Millisecond,

		TLSCertFile:         "/tls/tls.crt",
		TLSKeyFile:          "/tls/tls.key",
		TLSClientCAFiles:    []string{"/tls/ca.crt", "/tls/ca-next.crt"},
		TLSReloadInterval:   5 * time.Second,
		TLSExpiryWarn:       168 * time.Hour,
		TLSExpiryWebhookURL: "https://hooks.example.com/certs",
		HealthcheckCAFile:   "/tls/ca.crt",
		HealthcheckCertFile: "/probe/tls.crt",
		HealthcheckKeyFile:  "/probe/tls.key",
		OutboundTLSCertFile: "/out/tls.crt",
		OutboundTLSKeyFile:  "/out/tls.key",
		OutboundTLSCAFiles:  []string{"/out/ca.crt", "/out/ca-next.crt"},

		AdminAddr:        "127.0.0.1:7070",
		PProfEnabled:     true,
		PProfToken:       "0123456789abcdef",
		PProfMaxSeconds:  60,
		PProfArchiveDir:  "/var/lib/profiles",
		PProfArchiveKeep: 3,
		PProfCPUCeiling:  0.5,
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
	if cfg.HTTPAddr != ":8080" || cfg.LogLevel != slog.LevelInfo {
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
		{"SHUTDOWN_TIMEOUT", "30"},
		{"SHUTDOWN_TIMEOUT", "0s"},
		{"SHUTDOWN_TIMEOUT", "-1s"},
		{"SHUTDOWN_DELAY", "soon"},
		{"SHUTDOWN_DELAY", "-5s"},
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
			if cfg.MemLimitRatio != tt.wantRatio || cfg.MemLimitOff != tt.wantOff {
				t.Errorf("Load() ratio %v, off %v; want %v, %v", cfg.MemLimitRatio, cfg.MemLimitOff, tt.wantRatio, tt.wantOff)
			}
		})
	}
	// automemlimit's variable wins over GOMEMLIMIT_RATIO, as in the library.
	cfg, err := Load(env(map[string]string{"AUTOMEMLIMIT": "0.7", "GOMEMLIMIT_RATIO": "0.5"}))
	if err != nil || cfg.MemLimitRatio != 0.7 {
		t.Errorf("Load() ratio %v, error %v; want 0.7", cfg.MemLimitRatio, err)
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

func TestLoadDownstreamURLSecretsNotShown(t *testing.T) {
	for _, value := range []string{"http://inventory/api?token=s3cr3t", "http://inventory/api#s3cr3t", "http://user:s3cr3t@inventory/api"} {
		t.Run(value, func(t *testing.T) {
			_, err := Load(env(map[string]string{"DOWNSTREAM_URL": value}))
			if err == nil || !strings.Contains(err.Error(), `DOWNSTREAM_URL="http://inventory/api": want a base URL without query, fragment or user info`) {
				t.Fatalf("Load() error = %v, want one naming DOWNSTREAM_URL without its secrets", err)
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
		{"outbound tls without downstream", map[string]string{"OUTBOUND_TLS_CA_FILES": "ca.crt"}, "OUTBOUND_TLS_CA_FILES set, but only an https DOWNSTREAM_URL uses them"},
		{"outbound tls with http downstream", map[string]string{"DOWNSTREAM_URL": "http://peer:8080", "OUTBOUND_TLS_CERT_FILE": "out.crt", "OUTBOUND_TLS_KEY_FILE": "out.key"}, "OUTBOUND_TLS_CERT_FILE, OUTBOUND_TLS_KEY_FILE set, but only an https DOWNSTREAM_URL"},
		{"healthcheck cert without key", map[string]string{"HEALTHCHECK_CERT_FILE": "probe.crt"}, "HEALTHCHECK_CERT_FILE and HEALTHCHECK_KEY_FILE"},
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
	if !cfg.TLSEnabled() || cfg.TLSClientCAFiles != nil {
		t.Errorf("Load() = %+v, want TLS without client CAs", cfg)
	}
	if _, err := Load(env(map[string]string{"TLS_CERT_FILE": "tls.crt", "TLS_KEY_FILE": "tls.key", "TLS_CLIENT_CA_FILES": "ca.crt",
		"HEALTHCHECK_CERT_FILE": "probe.crt", "HEALTHCHECK_KEY_FILE": "probe.key"})); err != nil {
		t.Errorf("Load() with client CAs and a healthcheck certificate: %v", err)
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
			if got := cfg.DownstreamTLS(); got != tt.want {
				t.Errorf("DownstreamTLS() = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestLoadWebhookURLNotShown(t *testing.T) {
	for _, value := range []string{"hooks.example.com/s3cr3t-path", "ftp://hooks.example.com/s3cr3t-path", "https://", "https://hooks.example.com/s3cr3t-path\x7f"} {
		t.Run(value, func(t *testing.T) {
			_, err := Load(env(map[string]string{"TLS_EXPIRY_WEBHOOK_URL": value}))
			if err == nil || !strings.Contains(err.Error(), "TLS_EXPIRY_WEBHOOK_URL: want an absolute http or https URL") {
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
	if cfg.OutboundTLSCertFile != "tls.crt" || cfg.OutboundTLSKeyFile != "tls.key" || cfg.OutboundTLSCAFiles != nil {
		t.Errorf("Load() = %+v, want the server pair as the outbound client certificate and the system roots", cfg)
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
