package telemetry

import (
	"context"
	"fmt"
	"sync"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"

	"gitlab.acme.example/payments/ledger/internal/platform/tlsreload"
)

// CertExpiry collects the expiry times of certificates for the gauge
// tls.certificate.time_to_expiry: the seconds until each certificate in use
// expires, with the attributes tls.certificate.fingerprint (hex SHA-256),
// tls.certificate.subject and tls.certificate.kind. Certificates are told
// apart by fingerprint, so two CAs of the same name are both reported. The
// zero value is ready to use; [Setup] registers the gauge when it is given
// one in [Config].
//
// Feed it with [CertExpiry.Source], one per TLS reloader, as the reloader's
// OnCertificates callback: every check replaces the certificates reported
// for that reloader, so one no longer in use, such as an old CA removed from
// the bundle after a rotation, leaves the gauge.
type CertExpiry struct {
	mu      sync.Mutex
	sources map[int]map[string]certInfo // by source, then by fingerprint
	next    int                         // the next source number
	now     func() time.Time            // nil means time.Now
}

// certInfo is one certificate in the gauge.
type certInfo struct {
	fingerprint string
	subject     string
	kind        string
	notAfter    time.Time
}

// Source returns a callback for one source of certificates, such as a TLS
// reloader's OnCertificates: each call replaces the set of certificates
// reported for that source with certs.
func (c *CertExpiry) Source() func(certs []tlsreload.Certificate) {
	c.mu.Lock()
	source := c.next
	c.next++
	c.mu.Unlock()
	return func(certs []tlsreload.Certificate) {
		set := make(map[string]certInfo, len(certs))
		for _, cert := range certs {
			set[cert.Fingerprint] = certInfo{
				fingerprint: cert.Fingerprint,
				subject:     cert.Subject,
				kind:        cert.Kind,
				notAfter:    cert.NotAfter,
			}
		}
		c.mu.Lock()
		defer c.mu.Unlock()
		c.setLocked(source, set)
	}
}

// setLocked replaces the certificates of source. The caller holds c.mu.
func (c *CertExpiry) setLocked(source int, set map[string]certInfo) {
	if c.sources == nil {
		c.sources = make(map[int]map[string]certInfo)
	}
	c.sources[source] = set
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
	for _, set := range c.sources {
		for _, cert := range set {
			attrs := []attribute.KeyValue{
				attribute.String("tls.certificate.subject", cert.subject),
				attribute.String("tls.certificate.kind", cert.kind),
			}
			if cert.fingerprint != "" {
				attrs = append(attrs, attribute.String("tls.certificate.fingerprint", cert.fingerprint))
			}
			o.Observe(int64(cert.notAfter.Sub(now)/time.Second), metric.WithAttributes(attrs...))
		}
	}
	return nil
}
