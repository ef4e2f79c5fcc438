package main

import (
	"crypto/x509"
	"encoding/pem"
	"io"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

func TestRunWritesRotationSet(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "certs")
	if code := run([]string{"-out", dir, "-rotate"}, io.Discard); code != 0 {
		t.Fatalf("exit code %d, want 0", code)
	}

	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
		info, err := e.Info()
		if err != nil {
			t.Fatal(err)
		}
		if filepath.Ext(e.Name()) == ".key" && info.Mode().Perm() != 0o600 {
			t.Errorf("%s has mode %v, want 0600", e.Name(), info.Mode().Perm())
		}
	}
	want := []string{
		"ca-bundle.crt", "ca.crt", "ca.key", "ca2.crt", "ca2.key",
		"client.crt", "client.key", "client2.crt", "client2.key", "server.crt", "server.key",
	}
	if !slices.Equal(names, want) {
		t.Fatalf("files %v, want %v", names, want)
	}

	bundle := x509.NewCertPool()
	if !bundle.AppendCertsFromPEM(readFile(t, dir, "ca-bundle.crt")) {
		t.Fatal("ca-bundle.crt holds no certificates")
	}
	clientAuth := []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}
	for _, name := range []string{"client.crt", "client2.crt"} {
		if _, err := parse(t, dir, name).Verify(x509.VerifyOptions{Roots: bundle, KeyUsages: clientAuth}); err != nil {
			t.Errorf("%s does not verify against the bundle: %v", name, err)
		}
	}

	ca := x509.NewCertPool()
	ca.AddCert(parse(t, dir, "ca.crt"))
	server := parse(t, dir, "server.crt")
	for _, host := range []string{"localhost", "127.0.0.1", "::1"} {
		if _, err := server.Verify(x509.VerifyOptions{Roots: ca, DNSName: host, CurrentTime: time.Now()}); err != nil {
			t.Errorf("server certificate for %s: %v", host, err)
		}
	}
	// The service presents its server certificate on outbound calls.
	if _, err := server.Verify(x509.VerifyOptions{Roots: ca, KeyUsages: clientAuth}); err != nil {
		t.Errorf("server certificate as a client certificate: %v", err)
	}
}

func TestRunRejectsArguments(t *testing.T) {
	if code := run([]string{"extra"}, io.Discard); code != 2 {
		t.Fatalf("exit code %d, want 2", code)
	}
}

func readFile(t *testing.T, dir, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func parse(t *testing.T, dir, name string) *x509.Certificate {
	t.Helper()
	block, _ := pem.Decode(readFile(t, dir, name))
	if block == nil {
		t.Fatalf("%s: no pem block", name)
	}
	cert, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	return cert
}
