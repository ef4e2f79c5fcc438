package generator_test

import (
	"bytes"
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"testing"

	"github.com/gonew-prod/gonew-prod/generator"
	"github.com/gonew-prod/gonew-prod/internal/answers"
)

// featureTraces are, per optional feature, patterns that only that feature's output
// matches: names of its variables, packages, files, targets and dependencies. They are
// matched against every rendered file's path and content.
var featureTraces = map[string][]*regexp.Regexp{
	"otel": {
		regexp.MustCompile(`(?i)opentelemetry`),
		regexp.MustCompile(`\botel|echootel`),
		regexp.MustCompile(`OTEL_`),
		regexp.MustCompile(`platform/telemetry`),
		regexp.MustCompile(`(?i)traceparent|trace_id|span_id`),
		regexp.MustCompile(`(?i)telemetry flush`),
	},
	"mtls": {
		regexp.MustCompile(`\bTLS_[A-Z]`),
		regexp.MustCompile(`\bHEALTHCHECK_[A-Z]`),
		regexp.MustCompile(`tlsreload`),
		regexp.MustCompile(`tools/certs`),
		regexp.MustCompile(`\bcerts-rotate\b|make certs\b|(?m)^/?certs/$`),
		regexp.MustCompile(`RequireAndVerifyClientCert|ClientCAs?\b`),
		regexp.MustCompile(`(?i)mutual tls|\bmtls\b`),
		regexp.MustCompile(`OUTBOUND_TLS_|OutboundTLS|ClientTLSConfig|LoadCertPool`),
	},
	"pprof": {
		regexp.MustCompile(`(?i)\bpprof`), // not seccompProfile
		regexp.MustCompile(`ADMIN_ADDR|PPROF_`),
		regexp.MustCompile(`/debug/`),
		regexp.MustCompile(`(?i)admin listener|AdminAddr`),
		regexp.MustCompile(`(?i)cpu ceiling|CPUCeiling|CPUMeter|ProcessMeter`),
	},
}

// firstMatch returns where re first matches a path or the content of files, as
// "path:line: match", or "" when it matches nothing.
func firstMatch(files []generator.File, re *regexp.Regexp) string {
	for _, f := range files {
		if m := re.FindString(f.Path); m != "" {
			return f.Path + ": " + m
		}
		if loc := re.FindIndex(f.Content); loc != nil {
			line := 1 + bytes.Count(f.Content[:loc[0]], []byte("\n"))
			return fmt.Sprintf("%s:%d: %s", f.Path, line, f.Content[loc[0]:loc[1]])
		}
	}
	return ""
}

// TestFeaturesOffLeaveNoTrace renders the golden case without otel, mtls and pprof, and
// gin-default with each of them off alone, and checks that no file mentions it. Every pattern must match the cases that have all
// features, so that none passes by matching nothing.
func TestFeaturesOffLeaveNoTrace(t *testing.T) {
	minimal := renderCase(t, filepath.Join(goldenRoot, "minimal"))
	full := append(renderCase(t, filepath.Join(goldenRoot, "gin-default")), renderCase(t, filepath.Join(goldenRoot, "echo-default"))...)
	for feature, patterns := range featureTraces {
		// gin-default with only this feature off: the others (k8s, docker, ci) must not
		// speak of it either.
		without := renderCaseWith(t, filepath.Join(goldenRoot, "gin-default"), func(l *answers.Layer) {
			v := l.Values[answers.KeyFeatures]
			v.Raw = slices.DeleteFunc(slices.Clone(v.Raw.([]string)), func(f string) bool { return f == feature })
			l.Values[answers.KeyFeatures] = v
		})
		for _, re := range patterns {
			if where := firstMatch(minimal, re); where != "" {
				t.Errorf("minimal case has a trace of %s (%s): %s", feature, re, where)
			}
			if where := firstMatch(without, re); where != "" {
				t.Errorf("gin-default without %s has a trace of it (%s): %s", feature, re, where)
			}
			if firstMatch(full, re) == "" {
				t.Errorf("pattern %s of %s matches nothing in gin-default and echo-default", re, feature)
			}
		}
	}
}
