package telemetry

import (
	"context"
	"testing"
	"time"

	"go.opentelemetry.io/otel/attribute"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
)

func TestCertExpiry(t *testing.T) {
	reader := sdkmetric.NewManualReader()
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))
	t.Cleanup(func() { _ = mp.Shutdown(context.Background()) })

	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	gauge := &CertExpiry{now: func() time.Time { return now }}
	if err := gauge.register(mp.Meter("test")); err != nil {
		t.Fatal(err)
	}
	gauge.Observe("CN=localhost", "server", now.Add(90*time.Second))
	gauge.Observe("CN=ca", "client_ca", now.Add(time.Hour))
	gauge.Observe("CN=localhost", "server", now.Add(60*time.Second)) // replaces the first

	var rm metricdata.ResourceMetrics
	if err := reader.Collect(t.Context(), &rm); err != nil {
		t.Fatal(err)
	}
	got := map[string]int64{}
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			if m.Name != "tls.certificate.time_to_expiry" {
				continue
			}
			for _, dp := range m.Data.(metricdata.Gauge[int64]).DataPoints {
				subject, _ := dp.Attributes.Value(attribute.Key("tls.certificate.subject"))
				got[subject.AsString()] = dp.Value
			}
		}
	}
	if len(got) != 2 || got["CN=localhost"] != 60 || got["CN=ca"] != 3600 {
		t.Fatalf("gauge values %v, want CN=localhost 60 and CN=ca 3600", got)
	}
}
