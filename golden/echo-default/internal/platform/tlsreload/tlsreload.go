// Package tlsreload serves TLS, and optionally mutual TLS, from certificate
// files that are reloaded from disk while the server runs.
//
// A [Reloader] loads the server certificate, its key and the client CA files
// once at start (a failure there is an error), then [Reloader.Run] polls the
// files by content hash. Hashing the content, not watching paths, also sees
// Kubernetes Secret volumes, which update by swapping a "..data" symlink. New
// material is swapped in atomically and used by new handshakes only, so
// existing connections are never dropped. Files that do not load (corrupt
// PEM, a key that does not match the certificate, a certificate of the chain
// that is expired or not yet valid, a leaf whose extended key usages exclude
// its use, a CA file without certificates) leave the previous material in
// place; at start they make [New] fail. A PEM block that does not decode is
// corrupt PEM in every file, even with valid blocks around it: encoding/pem
// would skip it, silently dropping a CA from a bundle or an intermediate
// from a chain.
//
// Each client CA file may hold several certificates: during a CA rotation the
// bundle holds the old and the new CA and clients of both are accepted. A
// server set up with [Reloader.Configure] (or [Reloader.ConfigureTLS] with
// [Reloader.Admit] in its handler) also cuts off the clients of a CA
// removed from the files: after a reload that changes the client CAs, the
// first request on each open connection verifies the client's certificate
// again, and a connection whose certificate no longer verifies is answered
// 421 and closed (HTTP/2: GOAWAY), so its client has to reconnect.
//
// The client CAs must accept [Config.HealthcheckCertFile], the certificate
// the service's own probes present: at start New fails when they do not, and
// a reload to client CAs that drop its CA is refused like a corrupt file, the
// previous material staying in use, rather than fail every probe of every
// replica at once. It goes through once the certificate is issued by one of
// the new CAs, which the next check sees.
//
// The same material serves outbound calls: [Reloader.ClientTLSConfig]
// presents the certificate loaded last to the servers this service calls.
// Give a client its own pair with a second Reloader (CertKind KindClient, no
// ClientCAFiles) run beside the first.
//
// At load and on every poll the expiry of the server certificate, of the
// rest of its chain and of every client CA is reported to
// [Config.OnCertificates]. A certificate that expires
// within [Config.ExpiryWarn] is logged as a warning at most once a day, and
// once more when it expires while in use ("certificate expired"). When
// [Config.WebhookURL] is set, it is also POSTed as JSON to that URL, at most
// once a day per certificate: by [Reloader.Run] in the background, never while
// loading, so that a slow webhook cannot delay the start or the reloads. A
// failed POST is retried at the next poll. Logs and errors name the webhook by
// scheme and host only, since its path often holds a secret.
package tlsreload

import (
	"bytes"
	"context"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Defaults applied by [New] to zero fields of [Config].
const (
	DefaultReloadInterval = 30 * time.Second

	// DefaultExpiryWarn lies below the point where the usual issuers renew
	// (cert-manager at a third of the lifetime left, 30 days of a 90-day
	// certificate or 15 of a 45-day one; ACME clients at 30 days), so that
	// a routine renewal, which takes a few minutes to reach the files, is
	// not reported: a warning means a renewal failed.
	DefaultExpiryWarn = 336 * time.Hour
)

// Certificate kinds passed to [Config.OnCertificates] and sent to the webhook.
// The certificates that follow the first one in CertFile (its chain's
// intermediates) have the kind of the pair followed by "_chain".
const (
	KindServer                 = "server"
	KindServerChain            = KindServer + chainSuffix
	KindClient                 = "client"
	KindClientChain            = KindClient + chainSuffix
	KindHealthcheckClient      = "healthcheck_client"
	KindHealthcheckClientChain = KindHealthcheckClient + chainSuffix
	KindClientCA               = "client_ca"
)

// chainSuffix ends the kind of the certificates of a pair's chain.
const chainSuffix = "_chain"

// notifyEvery is how often an expiring certificate is logged and POSTed.
const notifyEvery = 24 * time.Hour

// webhookTimeout bounds each webhook POST.
const webhookTimeout = 5 * time.Second

// Config configures a [Reloader].
type Config struct {
	// CertFile and KeyFile hold the PEM server certificate (chain) and key.
	CertFile string
	KeyFile  string
	// CertKind is the kind reported for CertFile's certificate: KindServer
	// (the default), KindClient for a pair used only by outbound calls, or
	// KindHealthcheckClient for the pair the healthcheck subcommand presents,
	// loaded here only to watch it. The rest of its chain is reported as
	// CertKind + "_chain". The certificate of a KindServer pair must allow
	// server authentication, that of a KindHealthcheckClient pair client
	// authentication (the extended key usage, or none at all).
	CertKind string
	// AlsoClient says that a server pair is also presented as a client
	// certificate, by the healthcheck subcommand when HEALTHCHECK_CERT_FILE
	// names the server's own pair: it must then allow client authentication
	// as well.
	AlsoClient bool
	// ClientCAFiles are PEM files of CAs that sign accepted client
	// certificates. When set, clients must present a certificate signed by
	// one of them; when empty, no client certificate is requested.
	ClientCAFiles []string
	// HealthcheckCertFile, with ClientCAFiles, is the PEM certificate
	// (chain) that the healthcheck subcommand presents; it may be CertFile.
	// The client CAs must accept it, or every probe fails: New fails when
	// they do not, and a reload to client CAs that no longer accept it, while
	// the previous ones do, is refused like a corrupt file. When no client
	// CAs accept it either way, the reload goes ahead and logs an error.
	HealthcheckCertFile string
	// ReloadInterval is how often Run polls the files (default 30s).
	ReloadInterval time.Duration
	// ExpiryWarn is how long before expiry a certificate is reported
	// (default 336h, DefaultExpiryWarn).
	ExpiryWarn time.Duration
	// WebhookURL, when set, receives a JSON POST for each expiring
	// certificate, at most once a day per certificate, sent by Run.
	WebhookURL string
	// OnCertificates, when set, is called at every check with every
	// certificate in use. Each call replaces the set passed before: a
	// certificate missing from it, such as an old CA removed from the
	// bundle, is no longer in use. It feeds a gauge of the time left.
	OnCertificates func([]Certificate)
	// HTTPClient posts to the webhook (default: a client with a 5s
	// timeout that follows no redirect). Each POST is also bounded to 5s.
	HTTPClient *http.Client
	// Now returns the current time (default time.Now).
	Now func() time.Time
}

// Certificate describes a certificate in use, as passed to
// [Config.OnCertificates].
type Certificate struct {
	Subject string
	// Kind is one of the Kind constants.
	Kind string
	// Fingerprint is the hex SHA-256 of the DER certificate: unlike the
	// subject it tells apart two CAs of the same name.
	Fingerprint string
	NotAfter    time.Time
}

// Reloader holds the current TLS material and reloads it from disk.
// Its methods are safe for concurrent use.
type Reloader struct {
	cfg    Config
	logger *slog.Logger

	current atomic.Pointer[material]
	// clientUse is set once ClientTLSConfig was called: from then on a
	// certificate must be valid for client authentication to be loaded.
	clientUse atomic.Bool

	mu      sync.Mutex // serializes checks and ClientTLSConfig, guards notices and order
	notices map[string]notice
	order   []string // fingerprints of the certificates in use, in file order

	// wake tells the webhook sender of Run that a check ran.
	wake chan struct{}
}

// material is one consistent set of loaded files.
type material struct {
	// hash is the hash of all files, pairHash that of CertFile and KeyFile.
	hash     [sha256.Size]byte
	pairHash [sha256.Size]byte
	// caHash is the hash of the client CA files and caGen their generation:
	// it grows by one whenever a reload changes them.
	caHash [sha256.Size]byte
	caGen  uint64
	// probe is the chain of Config.HealthcheckCertFile, read with the client
	// CAs, and probeErr says why it did not load or why they refuse it.
	probe    []*x509.Certificate
	probeErr error
	// config holds the certificate and client CAs; TLSConfig copies it for
	// every handshake with the protocols of its server.
	config *tls.Config
	certs  []watched
}

// watched is a certificate whose expiry is checked.
type watched struct {
	kind string
	cert *x509.Certificate
}

// notice records when a certificate in use was last reported.
type notice struct {
	watched
	logged time.Time
	posted time.Time
}

// New loads the files named in cfg and checks their expiry, logging a warning
// for those that expire soon; it sends no webhook. It fails when the initial
// material cannot be loaded.
func New(ctx context.Context, cfg Config, logger *slog.Logger) (*Reloader, error) {
	if cfg.CertFile == "" || cfg.KeyFile == "" {
		return nil, errors.New("tls cert file and key file are required")
	}
	if cfg.CertKind == "" {
		cfg.CertKind = KindServer
	}
	if cfg.ReloadInterval <= 0 {
		cfg.ReloadInterval = DefaultReloadInterval
	}
	if cfg.ExpiryWarn <= 0 {
		cfg.ExpiryWarn = DefaultExpiryWarn
	}
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = &http.Client{
			Timeout: webhookTimeout,
			// A redirect is a failed POST, not followed: for a 301, 302
			// or 303 the client would send a GET without the event, and
			// the target's 200 would count as delivered.
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		}
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	r := &Reloader{cfg: cfg, logger: logger, notices: make(map[string]notice), wake: make(chan struct{}, 1)}
	m, err := r.load(nil)
	if err != nil {
		return nil, err
	}
	if m.probeErr != nil {
		return nil, m.probeErr
	}
	r.current.Store(m)
	r.mu.Lock()
	defer r.mu.Unlock()
	r.checkExpiry(ctx, m)
	return r, nil
}

// TLSConfig returns the TLS configuration of srv: set it as srv.TLSConfig and
// serve with srv.ServeTLS(ln, "", "") or srv.ListenAndServeTLS("", "").
// Every handshake uses the material loaded last and offers by ALPN the
// protocols srv serves over TLS: "h2" only when srv serves HTTP/2, which
// GODEBUG http2server=0, srv.Protocols or srv.TLSNextProto turn off, and
// "http/1.1" unless srv.Protocols leaves HTTP/1 out.
func (r *Reloader) TLSConfig(srv *http.Server) *tls.Config {
	return &tls.Config{
		MinVersion: tls.VersionTLS12,
		// net/http reads this list only to set srv up (srv.Serve on a TLS
		// listener sets up HTTP/2 only when it names h2): the config
		// returned below replaces the listener's, NextProtos included, so
		// handshakes offer what tlsProtocols returns.
		NextProtos: []string{"h2", "http/1.1"},
		GetConfigForClient: func(*tls.ClientHelloInfo) (*tls.Config, error) {
			cfg := r.current.Load().config.Clone()
			cfg.NextProtos = tlsProtocols(srv)
			return cfg, nil
		},
	}
}

// tlsProtocols returns the ALPN protocols that srv serves over TLS. It reads
// srv during handshakes, once ServeTLS or Serve has set up its HTTP/2: srv
// serves h2 only with a TLSNextProto handler for it, which they add unless
// HTTP/2 is turned off, and that srv.Protocols does not leave out.
func tlsProtocols(srv *http.Server) []string {
	var protos []string
	if srv.TLSNextProto["h2"] != nil && (srv.Protocols == nil || srv.Protocols.HTTP2()) {
		protos = append(protos, "h2")
	}
	if srv.Protocols == nil || srv.Protocols.HTTP1() {
		protos = append(protos, "http/1.1")
	}
	return protos
}

// Configure sets srv up to serve TLS from r (see [Reloader.ConfigureTLS])
// and wraps srv.Handler with [Reloader.Admit], so call it once srv has its
// handler. The 421 of a cut-off connection is then written outside the
// handler's own middleware; a handler with a request id or an access log
// calls Admit inside them instead, and its server is set up with
// ConfigureTLS.
func (r *Reloader) Configure(srv *http.Server) {
	r.ConfigureTLS(srv)
	if len(r.cfg.ClientCAFiles) == 0 {
		return
	}
	next := srv.Handler
	if next == nil {
		next = http.DefaultServeMux
	}
	srv.Handler = http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if r.Admit(w, req) {
			next.ServeHTTP(w, req)
		}
	})
}

// ConfigureTLS sets srv up to serve TLS from r: srv.TLSConfig (see
// [Reloader.TLSConfig]) and, with client CAs, the per-connection state that
// [Reloader.Admit] checks. It wraps srv.ConnContext. The handler of srv
// must call Admit for every request: otherwise the connections of a removed
// client CA are never cut off.
func (r *Reloader) ConfigureTLS(srv *http.Server) {
	srv.TLSConfig = r.TLSConfig(srv)
	if len(r.cfg.ClientCAFiles) == 0 {
		return
	}
	connContext := srv.ConnContext
	srv.ConnContext = func(ctx context.Context, c net.Conn) context.Context {
		if connContext != nil {
			ctx = connContext(ctx, c)
		}
		// Read before the handshake, which uses this generation or a newer
		// one: a reload in between costs one needless verification.
		a := &connAuth{}
		a.gen.Store(r.current.Load().caGen)
		return context.WithValue(ctx, connAuthKey{}, a)
	}
}

// Admit reports whether req may be served, the check of a server set up
// with [Reloader.ConfigureTLS] or [Reloader.Configure] after client CA
// reloads. When it returns false it has answered req, and the caller writes
// nothing more.
//
// A connection remembers the client CA generation its client certificate was
// verified at. A request on a connection verified at an older generation
// verifies the certificate chain against the current client CAs once (not
// per request); when it no longer verifies (its CA was removed, or it
// expired), the request and every later one on the connection are answered
// 421 Misdirected Request with "Connection: close", which closes an HTTP/1
// connection after the response and makes an HTTP/2 one send GOAWAY, and the
// client must open a new connection, whose handshake the current CAs decide.
// Other requests pay an atomic load; requests of a server without client
// CAs are always admitted.
func (r *Reloader) Admit(w http.ResponseWriter, req *http.Request) bool {
	a, ok := req.Context().Value(connAuthKey{}).(*connAuth)
	if !ok || req.TLS == nil {
		return true
	}
	if m := r.current.Load(); a.gen.Load() == m.caGen || r.reverify(req, a, m) {
		return true
	}
	w.Header().Set("Connection", "close")
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusMisdirectedRequest)
	_, _ = io.WriteString(w, `{"error":"client certificate no longer accepted: reconnect"}`+"\n")
	return false
}

// connAuthKey is the context key of a connection's *connAuth.
type connAuthKey struct{}

// connAuth is what a connection's client certificate was verified against.
type connAuth struct {
	gen     atomic.Uint64 // the client CA generation
	revoked atomic.Bool   // the certificate failed a verification
}

// reverify verifies the client certificate of req's connection against the
// client CAs of m and reports whether it is still accepted. The first
// failure on a connection is logged.
func (r *Reloader) reverify(req *http.Request, a *connAuth, m *material) bool {
	if a.revoked.Load() {
		return false
	}
	err := verifyClientChain(req.TLS.PeerCertificates, m.config.ClientCAs, r.cfg.Now())
	if err == nil {
		// A concurrent request may store an older generation: that only
		// costs one more verification.
		a.gen.Store(m.caGen)
		return true
	}
	if a.revoked.CompareAndSwap(false, true) {
		subject := ""
		if len(req.TLS.PeerCertificates) > 0 {
			subject = req.TLS.PeerCertificates[0].Subject.String()
		}
		r.logger.WarnContext(req.Context(), "client certificate no longer accepted after a client CA reload, closing its connection",
			"subject", subject, "remote_addr", req.RemoteAddr, "error", err.Error())
	}
	return false
}

// verifyClientChain verifies that the first of certs, with the others as
// intermediates, chains to roots at now and allows client authentication, as
// the handshake did.
func verifyClientChain(certs []*x509.Certificate, roots *x509.CertPool, now time.Time) error {
	if len(certs) == 0 {
		return errors.New("client sent no certificate")
	}
	opts := x509.VerifyOptions{
		Roots:         roots,
		Intermediates: x509.NewCertPool(),
		CurrentTime:   now,
		KeyUsages:     []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth},
	}
	for _, c := range certs[1:] {
		opts.Intermediates.AddCert(c)
	}
	if _, err := certs[0].Verify(opts); err != nil {
		return fmt.Errorf("verify client certificate: %w", err)
	}
	return nil
}

// ClientConfig returns the TLS configuration of a client on the same host as
// the server, such as the healthcheck subcommand. The server's certificate
// chain is verified against the CA certificates in caFile (the system roots
// when caFile is empty) and must allow server authentication; its host names
// are not checked, since such a client dials a loopback address that the
// certificate need not name. When certFile and keyFile are set, the client
// presents that certificate, as a server with client CAs requires.
func ClientConfig(caFile, certFile, keyFile string) (*tls.Config, error) {
	roots, err := x509.SystemCertPool()
	if caFile != "" {
		roots = x509.NewCertPool()
		var data []byte
		if data, err = os.ReadFile(caFile); err == nil { //nolint:gosec // the path is configuration
			var cas []*x509.Certificate
			if cas, err = parseCertificates(data); err == nil {
				for _, ca := range cas {
					roots.AddCert(ca)
				}
			}
		}
	}
	if err != nil {
		return nil, fmt.Errorf("load server ca: %w", err)
	}
	cfg := &tls.Config{
		MinVersion: tls.VersionTLS12,
		// The default verification also checks the host name; VerifyConnection
		// verifies the chain instead.
		InsecureSkipVerify: true, //nolint:gosec // the chain is verified by VerifyConnection
		VerifyConnection: func(cs tls.ConnectionState) error {
			return verifyServerChain(cs.PeerCertificates, roots)
		},
	}
	if certFile != "" || keyFile != "" {
		certPEM, err := os.ReadFile(certFile) //nolint:gosec // the path is configuration
		if err != nil {
			return nil, fmt.Errorf("read client cert: %w", err)
		}
		keyPEM, err := os.ReadFile(keyFile) //nolint:gosec // the path is configuration
		if err != nil {
			return nil, fmt.Errorf("read client key: %w", err)
		}
		pair, err := keyPair(certPEM, keyPEM, certFile, keyFile)
		if err != nil {
			return nil, fmt.Errorf("load client key pair: %w", err)
		}
		cfg.Certificates = []tls.Certificate{pair}
	}
	return cfg, nil
}

// verifyServerChain verifies that the first of certs, with the others as
// intermediates, chains to roots and allows server authentication.
func verifyServerChain(certs []*x509.Certificate, roots *x509.CertPool) error {
	if len(certs) == 0 {
		return errors.New("server sent no certificate")
	}
	opts := x509.VerifyOptions{
		Roots:         roots,
		Intermediates: x509.NewCertPool(),
		KeyUsages:     []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	for _, c := range certs[1:] {
		opts.Intermediates.AddCert(c)
	}
	if _, err := certs[0].Verify(opts); err != nil {
		return fmt.Errorf("verify server certificate: %w", err)
	}
	return nil
}

// ClientTLSConfig returns a TLS configuration for outbound calls: every
// handshake presents the certificate loaded last (whatever CAs the server
// names), and the server is verified against roots (the system roots when
// nil). Set it as http.Transport.TLSClientConfig; connections opened before
// a reload keep the certificate they were opened with.
//
// The certificate must be valid for client authentication (the clientAuth
// extended key usage, or none at all): otherwise ClientTLSConfig fails, and
// from the first call on a reload to such a certificate is refused like a
// corrupt file.
func (r *Reloader) ClientTLSConfig(roots *x509.CertPool) (*tls.Config, error) {
	r.mu.Lock() // no reload between the check and the flag
	defer r.mu.Unlock()
	if err := checkUsage(r.current.Load().certs[0].cert, x509.ExtKeyUsageClientAuth); err != nil {
		return nil, fmt.Errorf("%s: %w", r.cfg.CertFile, err)
	}
	r.clientUse.Store(true)
	return &tls.Config{
		MinVersion: tls.VersionTLS12,
		RootCAs:    roots,
		GetClientCertificate: func(*tls.CertificateRequestInfo) (*tls.Certificate, error) {
			return &r.current.Load().config.Certificates[0], nil
		},
	}, nil
}

// LoadCertPool reads PEM CA files, each holding one or more certificates,
// into a pool, for example the roots of [Reloader.ClientTLSConfig]. Without
// files it returns nil, which means the system roots.
func LoadCertPool(files []string) (*x509.CertPool, error) {
	if len(files) == 0 {
		return nil, nil
	}
	pool := x509.NewCertPool()
	for _, name := range files {
		data, err := os.ReadFile(name) //nolint:gosec // a CA file named by the configuration
		if err != nil {
			return nil, fmt.Errorf("read ca file: %w", err)
		}
		cas, err := parseCertificates(data)
		if err != nil {
			return nil, fmt.Errorf("load ca file %s: %w", name, err)
		}
		for _, ca := range cas {
			pool.AddCert(ca)
		}
	}
	return pool, nil
}

// Run checks the files every reload interval until ctx is done, logging
// failed reloads. When a webhook is configured, Run also sends its POSTs from
// a goroutine of its own that ends with it. Call Run once per Reloader; it
// always returns nil.
func (r *Reloader) Run(ctx context.Context) error {
	if r.cfg.WebhookURL != "" {
		var wg sync.WaitGroup
		defer wg.Wait()
		wg.Go(func() { r.sendLoop(ctx) })
	}
	ticker := time.NewTicker(r.cfg.ReloadInterval)
	defer ticker.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-ticker.C:
			if err := r.Check(ctx); err != nil {
				r.logger.ErrorContext(ctx, "tls reload failed, keeping previous certificates", "error", err)
			}
		}
	}
}

// Check reloads the files if their content changed and checks certificate
// expiry. When the new files do not load, or their client CAs refuse the
// healthcheck client certificate that the previous ones accept, the previous
// material stays in use and the error is returned. When neither accepts it,
// the new material is used and the refusal logged at ERROR.
func (r *Reloader) Check(ctx context.Context) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	old := r.current.Load()
	m, err := r.load(old)
	if err == nil && m != old && m.probeErr != nil && m.probe != nil && r.probeRefused(m.probe, old.config.ClientCAs) == nil {
		err = fmt.Errorf("the previous client CAs, which accept the healthcheck client certificate, stay in use until the new ones do: %w", m.probeErr)
		if m.pairHash != old.pairHash {
			// A renewed server pair is served all the same, with the
			// previous client CAs: a rotation that renews both at once
			// holds back only the CAs.
			kept := withClientCAs(m, old)
			r.current.Store(kept)
			r.logReload(ctx, old, kept)
			old = kept
		}
	}
	if err != nil {
		r.checkExpiry(ctx, old)
		return err
	}
	if m != old {
		r.current.Store(m)
		r.logReload(ctx, old, m)
		if m.probeErr != nil {
			r.logger.ErrorContext(ctx, "healthcheck client certificate refused: every healthcheck fails", "error", m.probeErr.Error())
		}
	}
	r.checkExpiry(ctx, m)
	return nil
}

// logReload logs what the reload from old to m changed, in "changed": the
// pair of CertFile (its kind, with the file and the new serial), the client
// CAs (client_ca, with the files and every CA now accepted), or both.
func (r *Reloader) logReload(ctx context.Context, old, m *material) {
	var changed []string
	var attrs []any
	if m.pairHash != old.pairHash {
		changed = append(changed, r.cfg.CertKind)
		attrs = append(attrs, "cert_file", r.cfg.CertFile, "serial", m.certs[0].cert.SerialNumber.String())
	}
	if m.caHash != old.caHash {
		changed = append(changed, KindClientCA)
		var accepted []acceptedCA
		seen := make(map[string]bool)
		for _, w := range m.certs {
			if fingerprint := fingerprintOf(w.cert); w.kind == KindClientCA && !seen[fingerprint] {
				seen[fingerprint] = true
				accepted = append(accepted, acceptedCA{Subject: w.cert.Subject.String(), Fingerprint: fingerprint})
			}
		}
		attrs = append(attrs, "client_ca_files", r.cfg.ClientCAFiles, "client_cas", accepted)
	}
	if changed == nil {
		return // only the healthcheck client certificate, which its own Reloader logs
	}
	r.logger.InfoContext(ctx, "tls certificates reloaded", append([]any{"changed", changed}, attrs...)...)
}

// acceptedCA is a client CA in the log of a reload.
type acceptedCA struct {
	Subject     string `json:"subject"`
	Fingerprint string `json:"fingerprint"`
}

// load reads the files and parses them into new material, or returns old
// when the content is unchanged.
func (r *Reloader) load(old *material) (*material, error) {
	certPEM, err := os.ReadFile(r.cfg.CertFile)
	if err != nil {
		return nil, fmt.Errorf("read tls cert: %w", err)
	}
	keyPEM, err := os.ReadFile(r.cfg.KeyFile)
	if err != nil {
		return nil, fmt.Errorf("read tls key: %w", err)
	}
	caPEMs := make([][]byte, len(r.cfg.ClientCAFiles))
	for i, name := range r.cfg.ClientCAFiles {
		if caPEMs[i], err = os.ReadFile(name); err != nil { //nolint:gosec // the path is configuration
			return nil, fmt.Errorf("read client ca: %w", err)
		}
	}
	// The healthcheck client certificate is read only to be verified
	// against the client CAs: one that does not read is a reason why they
	// refuse it, not a failed load.
	var probePEM []byte
	var probeReadErr error
	if r.cfg.HealthcheckCertFile != "" && len(caPEMs) > 0 {
		probePEM = certPEM // the server's own pair
		if r.cfg.HealthcheckCertFile != r.cfg.CertFile {
			probePEM, probeReadErr = os.ReadFile(r.cfg.HealthcheckCertFile)
		}
	}

	hash := contentHash(append([][]byte{certPEM, keyPEM, probePEM}, caPEMs...))
	if old != nil && old.hash == hash {
		return old, nil
	}

	pair, err := keyPair(certPEM, keyPEM, r.cfg.CertFile, r.cfg.KeyFile)
	if err != nil {
		return nil, fmt.Errorf("load tls key pair: %w", err)
	}
	// The leaf and the rest of the chain are watched alike: a client that
	// verifies the chain fails on any certificate of it.
	certs := []watched{{kind: r.cfg.CertKind, cert: pair.Leaf}}
	for i, der := range pair.Certificate[1:] {
		c, err := x509.ParseCertificate(der)
		if err != nil {
			return nil, fmt.Errorf("load tls key pair %s: certificate %d of the chain: %w", r.cfg.CertFile, i+2, err)
		}
		certs = append(certs, watched{kind: r.cfg.CertKind + chainSuffix, cert: c})
	}
	// An expired or not yet valid certificate can serve no handshake, nor
	// can one whose extended key usages exclude its use, which the peer
	// refuses: a reload to it fails like a corrupt file, and so does the
	// start.
	for _, w := range certs {
		if err := checkValidity(w.cert, r.cfg.Now()); err != nil {
			return nil, fmt.Errorf("load tls key pair %s: %w", r.cfg.CertFile, err)
		}
	}
	for _, usage := range r.usages() {
		if err := checkUsage(pair.Leaf, usage); err != nil {
			return nil, fmt.Errorf("load tls key pair %s: %w", r.cfg.CertFile, err)
		}
	}
	m := &material{
		hash:     hash,
		pairHash: contentHash([][]byte{certPEM, keyPEM}),
		certs:    certs,
		config: &tls.Config{
			MinVersion:   tls.VersionTLS12,
			Certificates: []tls.Certificate{pair},
		},
	}
	if len(caPEMs) == 0 {
		return m, nil
	}
	m.caHash = contentHash(caPEMs)
	switch {
	case old == nil:
		m.caGen = 1
	case old.caHash == m.caHash:
		m.caGen = old.caGen
	default:
		m.caGen = old.caGen + 1
	}
	pool := x509.NewCertPool()
	for i, data := range caPEMs {
		cas, err := parseCertificates(data)
		if err != nil {
			return nil, fmt.Errorf("load client ca %s: %w", r.cfg.ClientCAFiles[i], err)
		}
		for _, ca := range cas {
			pool.AddCert(ca)
			m.certs = append(m.certs, watched{kind: KindClientCA, cert: ca})
		}
	}
	m.config.ClientAuth = tls.RequireAndVerifyClientCert
	m.config.ClientCAs = pool
	if r.cfg.HealthcheckCertFile != "" {
		m.probe, m.probeErr = r.loadProbe(probePEM, probeReadErr, pool)
	}
	return m, nil
}

// withClientCAs returns m, a newly loaded server pair, with the client CAs,
// their generation and the healthcheck client certificate of prev. Its hash
// is none of the files', so that the next check loads them again and says
// again why their client CAs are not in use.
func withClientCAs(m, prev *material) *material {
	kept := &material{
		pairHash: m.pairHash,
		caHash:   prev.caHash,
		caGen:    prev.caGen,
		probe:    prev.probe,
		probeErr: prev.probeErr,
		config:   m.config.Clone(),
	}
	kept.config.ClientCAs = prev.config.ClientCAs
	for _, w := range m.certs {
		if w.kind != KindClientCA {
			kept.certs = append(kept.certs, w)
		}
	}
	for _, w := range prev.certs {
		if w.kind == KindClientCA {
			kept.certs = append(kept.certs, w)
		}
	}
	return kept
}

// loadProbe parses the healthcheck client certificate chain, as read from
// Config.HealthcheckCertFile, and checks it against the client CAs in pool
// (see [Reloader.probeRefused]). It returns the chain, nil when it did not
// load, and why it did not load or is refused.
func (r *Reloader) loadProbe(data []byte, readErr error, pool *x509.CertPool) ([]*x509.Certificate, error) {
	if readErr != nil {
		return nil, fmt.Errorf("read healthcheck client cert: %w", readErr)
	}
	chain, err := certificateChain(data)
	if err != nil {
		return nil, fmt.Errorf("load healthcheck client cert %s: %w", r.cfg.HealthcheckCertFile, err)
	}
	return chain, r.probeRefused(chain, pool)
}

// probeRefused says why a server with the client CAs in pool refuses the
// healthcheck client certificate chain, nil when it accepts it: a
// certificate of the chain outside its validity period, a leaf without the
// clientAuth usage, or client CAs that sign none of it, as a handshake
// verifies it. Errors name the file, and the CA files when they are the
// reason.
func (r *Reloader) probeRefused(chain []*x509.Certificate, pool *x509.CertPool) error {
	now := r.cfg.Now()
	for _, c := range chain {
		if err := checkValidity(c, now); err != nil {
			return fmt.Errorf("healthcheck client cert %s: %w", r.cfg.HealthcheckCertFile, err)
		}
	}
	if err := checkUsage(chain[0], x509.ExtKeyUsageClientAuth); err != nil {
		return fmt.Errorf("healthcheck client cert %s: %w", r.cfg.HealthcheckCertFile, err)
	}
	if err := verifyClientChain(chain, pool, now); err != nil {
		return fmt.Errorf("the client CAs (%s) do not accept the healthcheck client certificate %s, so every healthcheck would fail: issue it from one of them (any intermediate after it in the file) or add its CA: %w",
			strings.Join(r.cfg.ClientCAFiles, ", "), r.cfg.HealthcheckCertFile, err)
	}
	return nil
}

// certificateChain parses the CERTIFICATE blocks of a certificate file, the
// leaf first, as tls.X509KeyPair reads them, other blocks (such as a key in
// the same file) left out. A block that does not decode is an error.
func certificateChain(data []byte) ([]*x509.Certificate, error) {
	blocks, _, err := pemBlocks(data)
	if err != nil {
		return nil, err
	}
	var chain []*x509.Certificate
	for _, block := range blocks {
		if block.Type != "CERTIFICATE" {
			continue
		}
		cert, err := x509.ParseCertificate(block.Bytes)
		if err != nil {
			return nil, fmt.Errorf("parse certificate: %w", err)
		}
		chain = append(chain, cert)
	}
	if len(chain) == 0 {
		return nil, errors.New("no certificates")
	}
	return chain, nil
}

// keyPair parses a certificate (chain) and its key as tls.X509KeyPair does,
// but refuses a PEM block that does not decode in either file, which
// X509KeyPair would skip: a damaged intermediate would leave the chain
// served incomplete. The pair's Leaf is always set, also where X509KeyPair
// leaves it nil (GODEBUG x509keypairleaf=0, the default of a go.mod line
// godebug default=go1.22 or older). Errors name the files.
func keyPair(certPEM, keyPEM []byte, certFile, keyFile string) (tls.Certificate, error) {
	if _, _, err := pemBlocks(certPEM); err != nil {
		return tls.Certificate{}, fmt.Errorf("%s: %w", certFile, err)
	}
	if _, _, err := pemBlocks(keyPEM); err != nil {
		return tls.Certificate{}, fmt.Errorf("%s: %w", keyFile, err)
	}
	pair, err := tls.X509KeyPair(certPEM, keyPEM)
	if err != nil {
		return tls.Certificate{}, fmt.Errorf("%s, %s: %w", certFile, keyFile, err)
	}
	if pair.Leaf == nil {
		if pair.Leaf, err = x509.ParseCertificate(pair.Certificate[0]); err != nil {
			return tls.Certificate{}, fmt.Errorf("%s: %w", certFile, err)
		}
	}
	return pair, nil
}

// usages returns the extended key usages CertFile's certificate must allow:
// server authentication for a server pair, client authentication for a pair
// presented as a client certificate.
func (r *Reloader) usages() []x509.ExtKeyUsage {
	var usages []x509.ExtKeyUsage
	if r.cfg.CertKind == KindServer {
		usages = append(usages, x509.ExtKeyUsageServerAuth)
	}
	if r.cfg.CertKind == KindHealthcheckClient || r.cfg.AlsoClient || r.clientUse.Load() {
		usages = append(usages, x509.ExtKeyUsageClientAuth)
	}
	return usages
}

// checkUsage reports an error when cert's extended key usages exclude usage
// (x509.ExtKeyUsageServerAuth or x509.ExtKeyUsageClientAuth), as a peer
// verifying cert finds them. A certificate without extended key usages, or
// with anyExtendedKeyUsage, allows every use. Only the leaf is checked: the
// chain a peer builds may leave out certificates of the file.
func checkUsage(cert *x509.Certificate, usage x509.ExtKeyUsage) error {
	if len(cert.ExtKeyUsage) == 0 && len(cert.UnknownExtKeyUsage) == 0 {
		return nil
	}
	for _, u := range cert.ExtKeyUsage {
		if u == usage || u == x509.ExtKeyUsageAny {
			return nil
		}
	}
	side := "server"
	if usage == x509.ExtKeyUsageClientAuth {
		side = "client"
	}
	return fmt.Errorf("certificate %q is not valid for %s authentication (no %sAuth extended key usage)", cert.Subject, side, side)
}

// checkValidity reports an error when now is outside cert's validity
// period, naming the date that rules it out.
func checkValidity(cert *x509.Certificate, now time.Time) error {
	switch {
	case now.After(cert.NotAfter):
		return fmt.Errorf("certificate %q expired at %s (not_after)", cert.Subject, cert.NotAfter.UTC().Format(time.RFC3339))
	case now.Before(cert.NotBefore):
		return fmt.Errorf("certificate %q is not valid before %s (not_before)", cert.Subject, cert.NotBefore.UTC().Format(time.RFC3339))
	}
	return nil
}

// contentHash hashes the files' contents, each prefixed with its length so
// that moving bytes from one file to the next changes the hash.
func contentHash(files [][]byte) [sha256.Size]byte {
	h := sha256.New()
	for _, data := range files {
		h.Write(binary.BigEndian.AppendUint64(nil, uint64(len(data))))
		h.Write(data)
	}
	var sum [sha256.Size]byte
	h.Sum(sum[:0])
	return sum
}

// parseCertificates parses every CERTIFICATE block of a PEM bundle. Anything
// that is not PEM (text is allowed only before a block), a block that does
// not decode, or a bundle without certificates, is an error.
func parseCertificates(data []byte) ([]*x509.Certificate, error) {
	blocks, rest, err := pemBlocks(data)
	if err != nil {
		return nil, err
	}
	var certs []*x509.Certificate
	for _, block := range blocks {
		if block.Type != "CERTIFICATE" {
			return nil, fmt.Errorf("unexpected pem block %q", block.Type)
		}
		cert, err := x509.ParseCertificate(block.Bytes)
		if err != nil {
			return nil, fmt.Errorf("parse certificate: %w", err)
		}
		certs = append(certs, cert)
	}
	if len(bytes.TrimSpace(rest)) > 0 {
		return nil, errors.New("data that is not pem")
	}
	if len(certs) == 0 {
		return nil, errors.New("no certificates")
	}
	return certs, nil
}

var (
	pemBegin = []byte("-----BEGIN ")
	pemEnd   = []byte("-----END ")
)

// pemBlocks decodes the PEM blocks of data and returns them with the data
// after the last one. Text may come before each block, as in bundles that
// name their certificates, but a block that does not decode (a damaged
// BEGIN, base64 or END line) is an error naming it by number and line:
// pem.Decode would skip it and return the next block, silently dropping it.
// So is an END line outside any block, what is left of a block whose BEGIN
// line is damaged.
func pemBlocks(data []byte) (blocks []*pem.Block, rest []byte, err error) {
	rest = data
	for {
		start := lineStart(rest, pemBegin)
		text := rest
		if start >= 0 {
			text = rest[:start]
		}
		if end := lineStart(text, pemEnd); end >= 0 {
			return nil, nil, fmt.Errorf("pem END line (line %d) without its BEGIN line: a damaged block", lineNumber(data, rest[end:]))
		}
		if start < 0 {
			return blocks, rest, nil
		}
		// Decode only up to the next BEGIN line, so that a block that does
		// not decode is not skipped.
		block := rest[start:]
		if next := lineStart(block[len(pemBegin):], pemBegin); next >= 0 {
			block = block[:len(pemBegin)+next]
		}
		decoded, after := pem.Decode(block)
		if decoded == nil {
			return nil, nil, fmt.Errorf("pem block %d (line %d) does not decode: a damaged BEGIN, base64 or END line", len(blocks)+1, lineNumber(data, rest[start:]))
		}
		blocks = append(blocks, decoded)
		rest = rest[start+len(block)-len(after):]
	}
}

// lineStart returns the offset in data of the first line that starts with
// prefix, or -1.
func lineStart(data, prefix []byte) int {
	if bytes.HasPrefix(data, prefix) {
		return 0
	}
	if i := bytes.Index(data, append([]byte{'\n'}, prefix...)); i >= 0 {
		return i + 1
	}
	return -1
}

// lineNumber returns the number of the line of data at which its suffix
// tail starts.
func lineNumber(data, tail []byte) int {
	return 1 + bytes.Count(data[:len(data)-len(tail)], []byte{'\n'})
}

// expiryEvent is the JSON body POSTed to the webhook.
type expiryEvent struct {
	Subject     string    `json:"subject"`
	Kind        string    `json:"kind"`
	Serial      string    `json:"serial"`
	Fingerprint string    `json:"fingerprint"`
	NotAfter    time.Time `json:"not_after"`
	SecondsLeft int64     `json:"seconds_left"`
}

// checkExpiry reports the expiry of every certificate of m, logs those that
// expire soon and wakes the webhook sender. The caller holds r.mu.
func (r *Reloader) checkExpiry(ctx context.Context, m *material) {
	now := r.cfg.Now()
	seen := make(map[string]notice, len(m.certs))
	order := make([]string, 0, len(m.certs))
	certs := make([]Certificate, 0, len(m.certs))
	for _, w := range m.certs {
		c := w.cert
		subject := c.Subject.String()
		fingerprint := fingerprintOf(c)
		certs = append(certs, Certificate{Subject: subject, Kind: w.kind, Fingerprint: fingerprint, NotAfter: c.NotAfter})
		if _, dup := seen[fingerprint]; dup {
			continue // the same certificate in two CA files
		}
		n := r.notices[fingerprint]
		n.watched = w
		left := c.NotAfter.Sub(now)
		// An expiry is logged at once even when "expires soon" was logged
		// less than a day before.
		expired := left <= 0 && !n.logged.After(c.NotAfter)
		if left <= r.cfg.ExpiryWarn && (expired || now.Sub(n.logged) >= notifyEvery) {
			level, msg := slog.LevelWarn, "certificate expires soon"
			if left <= 0 {
				// A certificate in use that expired fails every handshake it
				// serves; a CA that expired only signs nothing valid anymore.
				msg = "certificate expired"
				if w.kind != KindClientCA {
					level = slog.LevelError
				}
			}
			r.logger.Log(ctx, level, msg,
				"subject", subject, "kind", w.kind, "serial", c.SerialNumber.String(),
				"not_after", c.NotAfter.UTC(), "seconds_left", int64(left/time.Second))
			n.logged = now
		}
		seen[fingerprint] = n
		order = append(order, fingerprint)
	}
	r.notices, r.order = seen, order
	if r.cfg.OnCertificates != nil {
		r.cfg.OnCertificates(certs)
	}
	select {
	case r.wake <- struct{}{}:
	default: // the sender has a wake-up pending
	}
}

// fingerprintOf returns the hex SHA-256 of a DER certificate.
func fingerprintOf(c *x509.Certificate) string {
	sum := sha256.Sum256(c.Raw)
	return hex.EncodeToString(sum[:])
}

// sendLoop sends the due webhook POSTs after every check until ctx is done.
func (r *Reloader) sendLoop(ctx context.Context) {
	select {
	case <-r.wake: // the check of New: sendDue below covers it
	default:
	}
	for {
		r.sendDue(ctx)
		select {
		case <-ctx.Done():
			return
		case <-r.wake:
		}
	}
}

// sendDue POSTs an event for each certificate in use that expires within the
// warning window and was not posted successfully in the last day. It holds
// r.mu only to read and update the notices, never while posting, and marks
// a certificate as posted only when its POST succeeded.
func (r *Reloader) sendDue(ctx context.Context) {
	if r.cfg.WebhookURL == "" {
		return
	}
	now := r.cfg.Now()
	var due []watched
	r.mu.Lock()
	for _, fingerprint := range r.order {
		n := r.notices[fingerprint]
		if n.cert.NotAfter.Sub(now) <= r.cfg.ExpiryWarn && now.Sub(n.posted) >= notifyEvery {
			due = append(due, n.watched)
		}
	}
	r.mu.Unlock()

	for _, w := range due {
		if ctx.Err() != nil {
			return
		}
		c := w.cert
		event := expiryEvent{
			Subject:     c.Subject.String(),
			Kind:        w.kind,
			Serial:      c.SerialNumber.String(),
			Fingerprint: fingerprintOf(c),
			NotAfter:    c.NotAfter.UTC(),
			SecondsLeft: int64(c.NotAfter.Sub(now) / time.Second),
		}
		if err := r.post(ctx, event); err != nil {
			r.logger.WarnContext(ctx, "certificate expiry webhook failed, retrying at the next check",
				"subject", event.Subject, "webhook", redactURL(r.cfg.WebhookURL), "error", err.Error())
			continue
		}
		r.mu.Lock()
		if n, ok := r.notices[event.Fingerprint]; ok {
			n.posted = now
			r.notices[event.Fingerprint] = n
		}
		r.mu.Unlock()
	}
}

// post sends one expiry event to the webhook, waiting at most
// webhookTimeout. Its errors name the webhook by scheme and host only.
func (r *Reloader) post(ctx context.Context, event expiryEvent) error {
	body, err := json.Marshal(event)
	if err != nil {
		return fmt.Errorf("encode expiry event: %w", err)
	}
	ctx, cancel := context.WithTimeout(ctx, webhookTimeout)
	defer cancel()
	webhook := redactURL(r.cfg.WebhookURL)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, r.cfg.WebhookURL, bytes.NewReader(body))
	if err != nil {
		// The error quotes the URL: leave it out.
		return fmt.Errorf("post webhook %s: invalid url", webhook)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := r.cfg.HTTPClient.Do(req)
	if err != nil {
		// A *url.Error quotes the full URL: keep only its cause.
		var urlErr *url.Error
		if errors.As(err, &urlErr) {
			err = urlErr.Err
		}
		return fmt.Errorf("post webhook %s: %w", webhook, err)
	}
	defer func() { _ = resp.Body.Close() }()
	_, _ = io.Copy(io.Discard, resp.Body) // drain so the connection is reused
	if resp.StatusCode >= 300 && resp.StatusCode <= 399 {
		// The Location may hold a secret like the URL: leave it out.
		return fmt.Errorf("post webhook %s: redirect %s not followed: configure the url it points to", webhook, resp.Status)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return fmt.Errorf("post webhook %s: unexpected status %s", webhook, resp.Status)
	}
	return nil
}

// redactURL returns the scheme and host of a URL, leaving out the user
// information, path and query, which may hold a secret token.
func redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return "(invalid url)"
	}
	return u.Scheme + "://" + u.Host
}
