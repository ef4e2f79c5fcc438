package treetest

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/mod/module"
	"golang.org/x/mod/zip"
)

// ProxyVersion adds the module in dir to the module proxy laid out as files under proxy
// (the go command reads it with GOPROXY=file://PROXY) as path at version: its zip, go.mod
// and .info, the version appended to the module's list. Each version added is dated a day
// after the one before it, from 2026-01-01.
func ProxyVersion(t testing.TB, proxy, path, version, dir string) {
	t.Helper()
	escaped, err := module.EscapePath(path)
	if err != nil {
		t.Fatal(err)
	}
	at := filepath.Join(proxy, filepath.FromSlash(escaped), "@v")
	if err := os.MkdirAll(at, 0o755); err != nil {
		t.Fatal(err)
	}
	z, err := os.Create(filepath.Join(at, version+".zip"))
	if err != nil {
		t.Fatal(err)
	}
	if err := zip.CreateFromDir(z, module.Version{Path: path, Version: version}, dir); err != nil {
		t.Fatalf("zip %s@%s: %v", path, version, err)
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	goMod, err := os.ReadFile(filepath.Join(dir, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	var list []string
	if data, err := os.ReadFile(filepath.Join(at, "list")); err == nil {
		list = strings.Fields(string(data))
	}
	info := fmt.Sprintf(`{"Version":%q,"Time":"2026-01-%02dT00:00:00Z"}`, version, len(list)+1)
	list = append(list, version)
	for name, data := range map[string]string{version + ".mod": string(goMod), version + ".info": info, "list": strings.Join(list, "\n") + "\n"} {
		if err := os.WriteFile(filepath.Join(at, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
