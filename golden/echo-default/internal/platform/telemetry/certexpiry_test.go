package telemetry

import (
	"context"
	"testing"
	"time"

	"go.opentelemetry.io/otel/attribute"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"

	"example.com/acme/billing/internal/platform/tlsreload"
)

// gaugePoint is one data point of the certificate expiry gauge.
type gaugePoint struct {
	subject, kind, fingerprint string
	value                      int64
}

// newCertExpiry returns a registered gauge at a fixed time, and a function
// that collects its data points.
func newCertExpiry(t *testing.T, now time.Time) (*CertExpiry, func() []gaugePoint) {
	t.Helper()
	reader := sdkmetric.NewManualReader()
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))
	t.Cleanup(func() { _ = mp.Shutdown(context.Background()) })
	gauge := &CertExpiry{now: func() time.Time { return now }}
	if err := gauge.register(mp.Meter("test")); err != nil {
		t.Fatal(err)
	}
	return gauge, func() []gaugePoint {
		t.Helper()
		var rm metricdata.ResourceMetrics
		if err := reader.Collect(t.Context(), &rm); err != nil {
			t.Fatal(err)
		}
		var points []gaugePoint
		for _, sm := range rm.ScopeMetrics {
			for _, m := range sm.Metrics {
				if m.Name != "tls.certificate.time_to_expiry" {
					continue
				}
				for _, dp := range m.Data.(metricdata.Gauge[int64]).DataPoints {
					subject, _ := dp.Attributes.Value(attribute.Key("tls.certificate.subject"))
					kind, _ := dp.Attributes.Value(attribute.Key("tls.certificate.kind"))
					fingerprint, _ := dp.Attributes.Value(attribute.Key("tls.certificate.fingerprint"))
					points = append(points, gaugePoint{subject.AsString(), kind.AsString(), fingerprint.AsString(), dp.Value})
				}
			}
		}
		return points
	}
}

func TestCertExpirySourceFollowsRotation(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	gauge, collect := newCertExpiry(t, now)
	server := tlsreload.Certificate{Subject: "CN=localhost", Kind: tlsreload.KindServer, Fingerprint: "aa", NotAfter: now.Add(60 * time.Second)}
	oldCA := tlsreload.Certificate{Subject: "CN=ca", Kind: tlsreload.KindClientCA, Fingerprint: "bb", NotAfter: now.Add(time.Hour)}
	newCA := tlsreload.Certificate{Subject: "CN=ca", Kind: tlsreload.KindClientCA, Fingerprint: "cc", NotAfter: now.Add(2 * time.Hour)}
	client := tlsreload.Certificate{Subject: "CN=svc", Kind: tlsreload.KindClient, Fingerprint: "dd", NotAfter: now.Add(3 * time.Hour)}

	serverSource, clientSource := gauge.Source(), gauge.Source()
	clientSource([]tlsreload.Certificate{client})
	serverSource([]tlsreload.Certificate{server, oldCA, newCA}) // during the rotation
	byFingerprint := func() map[string]gaugePoint {
		m := map[string]gaugePoint{}
		for _, p := range collect() {
			m[p.fingerprint] = p
		}
		return m
	}
	got := byFingerprint()
	want := map[string]gaugePoint{
		"aa": {"CN=localhost", "server", "aa", 60},
		"bb": {"CN=ca", "client_ca", "bb", 3600}, // two CAs of the same name: both reported
		"cc": {"CN=ca", "client_ca", "cc", 7200},
		"dd": {"CN=svc", "client", "dd", 10800},
	}
	if len(got) != len(want) {
		t.Fatalf("gauge %v, want %v", got, want)
	}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("gauge[%s] = %+v, want %+v", k, got[k], w)
		}
	}

	serverSource([]tlsreload.Certificate{server, newCA}) // the old CA left the bundle
	got = byFingerprint()
	if _, ok := got["bb"]; ok || len(got) != 3 || got["cc"] != want["cc"] || got["dd"] != want["dd"] {
		t.Fatalf("after the rotation gauge %v, want aa, cc and dd only", got)
	}

	serverSource(nil)
	if got := byFingerprint(); len(got) != 1 || got["dd"] != want["dd"] {
		t.Fatalf("after an empty set gauge %v, want dd only", got)
	}
}
