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
		Log:    Log{Level: slog.LevelInfo, FlushInterval: 100 * time.Millisecond},
		HTTP:   HTTP{Addr: ":8080", ShutdownTimeout: 30 * time.Second},
		Memory: Memory{LimitRatio: 0.9},
	}
	if !reflect.DeepEqual(cfg, want) {
		t.Errorf("Load() = %+v, want %+v", cfg, want)
	}
}

func TestLoadValues(t *testing.T) {
	cfg, err := Load(env(map[string]string{
		"HTTP_ADDR":          "127.0.0.1:9000",
		"LOG_LEVEL":          "DEBUG",
		"LOG_FLUSH_INTERVAL": "0",
		"SHUTDOWN_TIMEOUT":   "10s",
		"SHUTDOWN_DELAY":     "5s",
		"GOMEMLIMIT_RATIO":   "1",
		"HTTP_UNRELATED":     "x",
	}))
	if err != nil {
		t.Fatal(err)
	}
	want := Config{
		Log:    Log{Level: slog.LevelDebug},
		HTTP:   HTTP{Addr: "127.0.0.1:9000", ShutdownTimeout: 10 * time.Second, ShutdownDelay: 5 * time.Second},
		Memory: Memory{LimitRatio: 1},
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

// TestLoadHosts: listen addresses with a host name or an IP address load.
func TestLoadHosts(t *testing.T) {
	for _, addr := range []string{"localhost:8080", "[::1]:8080", "[fe80::1%eth0]:8080", "0.0.0.0:8080", "orders.default.svc.cluster.local:8080", "10.0.0.7:8080"} {
		cfg, err := Load(env(map[string]string{"HTTP_ADDR": addr}))
		if err != nil || cfg.HTTP.Addr != addr {
			t.Errorf("HTTP_ADDR=%q: %v, %q", addr, err, cfg.HTTP.Addr)
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
