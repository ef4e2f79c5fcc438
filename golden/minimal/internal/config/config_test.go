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
		{"DOWNSTREAM_URL", "inventory:8443"},
		{"DOWNSTREAM_URL", "ftp://inventory"},
		{"DOWNSTREAM_URL", "http://inventory/?v=1"},
		{"DOWNSTREAM_URL", "http://inventory/#top"},
		{"DOWNSTREAM_URL", "http://user:pw@inventory"},
		{"OUTBOUND_TIMEOUT", "0s"},
		{"OUTBOUND_TIMEOUT", "2"},
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
