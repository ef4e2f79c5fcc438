// Certs writes a development CA with server and client certificates for
// running the service with mutual TLS locally. Do not use them in production.
//
// Usage:
//
//	go run ./tools/certs [-out dir] [-rotate]
//
// It writes, into dir (default "certs"), overwriting earlier files:
//
//	ca.crt, ca.key            the development CA
//	server.crt, server.key    a server certificate for localhost, 127.0.0.1 and ::1,
//	                          also valid as a client certificate: the service
//	                          presents it on its outbound calls by default
//	client.crt, client.key    a client certificate signed by the CA
//
// With -rotate it also writes a second CA, as during a CA rotation:
//
//	ca2.crt, ca2.key          the new CA
//	client2.crt, client2.key  a client certificate signed by the new CA
//	ca-bundle.crt             ca.crt and ca2.crt in one file: clients of both are accepted
//
// Keys are ECDSA P-256 in PKCS #8 and written with mode 0600. Certificates are
// valid for a year.
//
// Then run the service with
//
//	TLS_CERT_FILE=certs/server.crt TLS_KEY_FILE=certs/server.key TLS_CLIENT_CA_FILES=certs/ca.crt
//
// and call it with
//
//	curl --cacert certs/ca.crt --cert certs/client.crt --key certs/client.key https://localhost:8080/healthz
//
// A second instance called by the first (DOWNSTREAM_URL) trusts it with the
// same TLS_CLIENT_CA_FILES; the caller verifies it with
// OUTBOUND_TLS_CA_FILES=certs/ca.crt.
package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"time"
)

// validity is how long the generated certificates are valid.
const validity = 365 * 24 * time.Hour

func main() {
	os.Exit(run(os.Args[1:], os.Stderr))
}

// run parses args, writes the files and returns the exit code.
func run(args []string, stderr io.Writer) int {
	fs := flag.NewFlagSet("certs", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("out", "certs", "directory to write the files to")
	rotate := fs.Bool("rotate", false, "also write a second CA, a client of it and a bundle of both CAs")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "certs: unexpected arguments: %v\n", fs.Args())
		return 2
	}
	if err := generate(*out, *rotate, time.Now()); err != nil {
		fmt.Fprintf(stderr, "certs: %v\n", err)
		return 1
	}
	fmt.Fprintf(stderr, "certs: wrote development certificates to %s\n", *out)
	return 0
}

// generate writes the certificates and keys into dir.
func generate(dir string, rotate bool, now time.Time) error {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return fmt.Errorf("create output directory: %w", err)
	}
	ca, err := newCA("development CA", now)
	if err != nil {
		return err
	}
	server, err := ca.issue(leafTemplate("localhost", true, now))
	if err != nil {
		return err
	}
	client, err := ca.issue(leafTemplate("development client", false, now))
	if err != nil {
		return err
	}
	for name, p := range map[string]*pair{"ca": ca, "server": server, "client": client} {
		if err := p.write(dir, name); err != nil {
			return err
		}
	}
	if !rotate {
		return nil
	}

	ca2, err := newCA("development CA 2", now)
	if err != nil {
		return err
	}
	client2, err := ca2.issue(leafTemplate("development client 2", false, now))
	if err != nil {
		return err
	}
	for name, p := range map[string]*pair{"ca2": ca2, "client2": client2} {
		if err := p.write(dir, name); err != nil {
			return err
		}
	}
	bundle := append(ca.certPEM(), ca2.certPEM()...)
	return writeFile(filepath.Join(dir, "ca-bundle.crt"), bundle, 0o644)
}

// pair is a certificate and its private key.
type pair struct {
	cert *x509.Certificate
	key  *ecdsa.PrivateKey
}

// newCA creates a self-signed CA certificate.
func newCA(commonName string, now time.Time) (*pair, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("generate key: %w", err)
	}
	serial, err := newSerial()
	if err != nil {
		return nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber:          serial,
		Subject:               pkix.Name{CommonName: commonName},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.Add(validity),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign | x509.KeyUsageDigitalSignature,
		BasicConstraintsValid: true,
		IsCA:                  true,
		MaxPathLenZero:        true,
	}
	return sign(tmpl, tmpl, key, key)
}

// leafTemplate describes a client certificate or, when server is set, a
// certificate for localhost that is valid for servers and clients alike.
func leafTemplate(commonName string, server bool, now time.Time) *x509.Certificate {
	tmpl := &x509.Certificate{
		Subject:     pkix.Name{CommonName: commonName},
		NotBefore:   now.Add(-time.Hour),
		NotAfter:    now.Add(validity),
		KeyUsage:    x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth},
	}
	if server {
		tmpl.ExtKeyUsage = []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth}
		tmpl.DNSNames = []string{"localhost"}
		tmpl.IPAddresses = []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback}
	}
	return tmpl
}

// issue creates a new key and signs tmpl for it with the CA.
func (ca *pair) issue(tmpl *x509.Certificate) (*pair, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("generate key: %w", err)
	}
	if tmpl.SerialNumber, err = newSerial(); err != nil {
		return nil, err
	}
	return sign(tmpl, ca.cert, key, ca.key)
}

// sign creates the certificate tmpl for key, signed by parent's signer.
func sign(tmpl, parent *x509.Certificate, key, signer *ecdsa.PrivateKey) (*pair, error) {
	der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, &key.PublicKey, signer)
	if err != nil {
		return nil, fmt.Errorf("create certificate %s: %w", tmpl.Subject.CommonName, err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, fmt.Errorf("parse certificate %s: %w", tmpl.Subject.CommonName, err)
	}
	return &pair{cert: cert, key: key}, nil
}

// newSerial returns a random 128-bit serial number.
func newSerial() (*big.Int, error) {
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 128))
	if err != nil {
		return nil, fmt.Errorf("generate serial number: %w", err)
	}
	return serial, nil
}

func (p *pair) certPEM() []byte {
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: p.cert.Raw})
}

// write writes name.crt and name.key into dir.
func (p *pair) write(dir, name string) error {
	keyDER, err := x509.MarshalPKCS8PrivateKey(p.key)
	if err != nil {
		return fmt.Errorf("encode key %s: %w", name, err)
	}
	keyPEM := pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER})
	return errors.Join(
		writeFile(filepath.Join(dir, name+".crt"), p.certPEM(), 0o644),
		writeFile(filepath.Join(dir, name+".key"), keyPEM, 0o600),
	)
}

// writeFile writes data to path with mode perm. An existing file is truncated
// and gets mode perm before any data is written.
func writeFile(path string, data []byte, perm os.FileMode) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, perm) //nolint:gosec // the path is under the chosen output directory
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	err = f.Chmod(perm)
	if err == nil {
		_, err = f.Write(data)
	}
	if closeErr := f.Close(); err == nil {
		err = closeErr
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}
