package telemetry

import (
	"context"
	"fmt"
	"sync"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"
)

// CertExpiry collects the expiry times of certificates for the gauge
// tls.certificate.time_to_expiry: the seconds until each certificate expires,
// with the attributes tls.certificate.subject and tls.certificate.kind. Its
// Observe method fits the expiry callback of the TLS reloader. The zero value
// is ready to use; [Setup] registers the gauge when it is given one in
// [Config].
type CertExpiry struct {
	mu       sync.Mutex
	notAfter map[certKey]time.Time
	now      func() time.Time // nil means time.Now
}

// certKey identifies a certificate in the gauge.
type certKey struct {
	subject string
	kind    string
}

// Observe records the expiry time of a certificate. A later call with the
// same subject and kind replaces the earlier one.
func (c *CertExpiry) Observe(subject, kind string, notAfter time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.notAfter == nil {
		c.notAfter = make(map[certKey]time.Time)
	}
	c.notAfter[certKey{subject: subject, kind: kind}] = notAfter
}

// register registers the gauge with meter.
func (c *CertExpiry) register(meter metric.Meter) error {
	_, err := meter.Int64ObservableGauge("tls.certificate.time_to_expiry",
		metric.WithUnit("s"),
		metric.WithDescription("Seconds until the certificate expires."),
		metric.WithInt64Callback(c.observe),
	)
	if err != nil {
		return fmt.Errorf("register certificate expiry gauge: %w", err)
	}
	return nil
}

// observe reports the gauge's values at collection time.
func (c *CertExpiry) observe(_ context.Context, o metric.Int64Observer) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	now := time.Now()
	if c.now != nil {
		now = c.now()
	}
	for k, notAfter := range c.notAfter {
		o.Observe(int64(notAfter.Sub(now)/time.Second), metric.WithAttributes(
			attribute.String("tls.certificate.subject", k.subject),
			attribute.String("tls.certificate.kind", k.kind),
		))
	}
	return nil
}
