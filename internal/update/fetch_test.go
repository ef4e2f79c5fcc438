package update

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/gonew-prod/gonew-prod/internal/treetest"
)

// TestFetchSettings: Fetch builds a version the module cache holds under GOPROXY=off
// (go install looks up the module's deprecation, which GOPROXY=off refuses: it is read
// from the cache) and under GOFLAGS=-mod=vendor (which go install MODULE@VERSION refuses:
// it is for the user's module), and its progress line says where the version comes from
// as the go command takes it, not "through the module proxy" whatever the settings.
func TestFetchSettings(t *testing.T) {
	root, base := fetchModule(t)
	viaProxy := "GOPROXY=file://" + filepath.ToSlash(filepath.Join(root, "proxy"))
	warm := exec.Command("go", "mod", "download", Module+"@v0.0.1")
	warm.Dir, warm.Env = root, append(slices.Clone(base), viaProxy, "GOFLAGS=-modcacherw")
	if out, err := warm.CombinedOutput(); err != nil {
		t.Fatalf("go mod download: %v\n%s", err, out)
	}
	tests := []struct {
		name    string
		env     []string
		offline bool
		version string
		line    string // the progress line
		err     string // "" for a build
	}{
		{name: "GOPROXY=off, the version in the module cache", env: []string{"GOPROXY=off", "GOFLAGS=-modcacherw"}, version: "v0.0.1",
			line: "building gonew-prod v0.0.1 from the module cache to render it (GOPROXY=off: nothing is fetched)\n"},
		{name: "GOPROXY=off, a version the module cache lacks", env: []string{"GOPROXY=off", "GOFLAGS=-modcacherw"}, version: "v0.0.2",
			line: "building gonew-prod v0.0.2 from the module cache to render it (GOPROXY=off: nothing is fetched)\n", err: "module lookup disabled by GOPROXY=off"},
		{name: "GOFLAGS=-mod=vendor", env: []string{viaProxy, "GOFLAGS=-modcacherw -mod=vendor"}, version: "v0.0.1",
			line: "fetching and building gonew-prod v0.0.1 to render it: from the module cache, else through the module proxy\n"},
		{name: "GOFLAGS=-mod=vendor, GOPROXY=off", env: []string{"GOPROXY=off", "GOFLAGS=-mod=vendor -modcacherw"}, version: "v0.0.1",
			line: "building gonew-prod v0.0.1 from the module cache to render it (GOPROXY=off: nothing is fetched)\n"},
		{name: "GOFLAGS=\"-mod=vendor\", quoted", env: []string{viaProxy, `GOFLAGS=-modcacherw "-mod=vendor"`}, version: "v0.0.1",
			line: "fetching and building gonew-prod v0.0.1 to render it: from the module cache, else through the module proxy\n"},
		// update --check: the module cache as the only proxy.
		{name: "offline, GOFLAGS=-mod=vendor", env: []string{viaProxy, "GOFLAGS=-mod=vendor -modcacherw"}, offline: true, version: "v0.0.1",
			line: "building gonew-prod v0.0.1 from the module cache to render it\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var log bytes.Buffer
			g := Generated{Dir: root, Env: append(slices.Clone(base), tt.env...), Version: "(devel)", Log: &log, Offline: tt.offline}
			f, err := g.Fetch(context.Background(), tt.version)
			if log.String() != tt.line {
				t.Errorf("progress %q, want %q", log.String(), tt.line)
			}
			if tt.err != "" {
				if !errors.Is(err, ErrUnavailable) || !strings.Contains(err.Error(), tt.err) {
					t.Errorf("err = %v, want the version unavailable: %s", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatalf("fetch: %v", err)
			}
			defer f.Close()
			if _, err := os.Stat(f.Bin); err != nil {
				t.Errorf("no binary built: %v", err)
			}
		})
	}
}

// fetchModule writes a module proxy at root/proxy (file://) holding v0.0.1 of Module,
// whose gonew-prod does nothing, and returns root and the environment to fetch it with
// (the GOPROXY and GOFLAGS left to the caller): the test process's, but for its go
// settings, with a module cache of the test's and a HOME and user cache directory of its
// own, so that no binary a fetch keeps (cachedBin) lands in the user's.
func fetchModule(t *testing.T) (root string, env []string) {
	t.Helper()
	root = t.TempDir()
	src := filepath.Join(root, "src")
	for name, content := range map[string]string{
		"go.mod":                 "module " + Module + "\n\ngo 1.22\n",
		"cmd/gonew-prod/main.go": "package main\n\nfunc main() {}\n",
	} {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(src, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(src, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	treetest.ProxyVersion(t, filepath.Join(root, "proxy"), Module, "v0.0.1", src)
	// The build cache as the go command finds it now, before HOME moves.
	out, err := exec.Command("go", "env", "GOCACHE").Output()
	if err != nil {
		t.Fatalf("go env GOCACHE: %v", err)
	}
	env = slices.DeleteFunc(os.Environ(), func(kv string) bool {
		name, _, _ := strings.Cut(kv, "=")
		return strings.HasPrefix(name, "GO") && name != "GOROOT" && name != "GOPATH"
	})
	userCache := filepath.Join(root, "usercache")
	return root, append(env, "GOENV=off", "GOCACHE="+strings.TrimSpace(string(out)), "GOMODCACHE="+filepath.Join(root, "modcache"),
		"GONOSUMDB="+Module, "GOTOOLCHAIN=local", "GONOPROXY=", "GOPRIVATE=",
		"HOME="+treetest.QuietHome(t), "XDG_CACHE_HOME="+userCache, "LocalAppData="+userCache)
}

// TestFetchFrom: the progress line names where the go command takes the version from,
// as GOPROXY and GONOPROXY (GOPRIVATE) say, the go env file's settings too (read
// through go env); nothing is fetched here.
func TestFetchFrom(t *testing.T) {
	base := append(os.Environ(), "GOFLAGS=", "GONOPROXY=", "GOPRIVATE=", "GOENV=off")
	tests := []struct {
		name string
		env  []string
		want string
	}{
		{"the default proxy", []string{"GOPROXY=https://proxy.golang.org,direct"}, "v1.2.3 to render it: from the module cache, else through the module proxy"},
		{"direct", []string{"GOPROXY=direct"}, "from the module cache, else from its repository (GOPROXY=direct)"},
		{"off", []string{"GOPROXY=off"}, "building gonew-prod v1.2.3 from the module cache to render it (GOPROXY=off: nothing is fetched)"},
		{"off after a proxy", []string{"GOPROXY=https://proxy.example|off"}, "through the module proxy"},
		{"GOPRIVATE names the module", []string{"GOPROXY=https://proxy.golang.org", "GOPRIVATE=github.com/gonew-prod"}, "from its repository (GONOPROXY or GOPRIVATE names " + Module + ", so no module proxy is asked)"},
		// The go command fetches a module GONOPROXY names from its repository even under GOPROXY=off.
		{"GONOPROXY names the module, GOPROXY=off", []string{"GOPROXY=off", "GONOPROXY=github.com/*"}, "from its repository (GONOPROXY"},
		{"the go env file's GOPROXY", []string{"GOPROXY=", "GOENV=" + goEnvFile(t, "GOPROXY=off\n")}, "(GOPROXY=off: nothing is fetched)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := Generated{Env: append(slices.Clone(base), tt.env...)}
			env, err := g.goEnv(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			line, _, err := g.fetchFrom(context.Background(), env, "v1.2.3")
			if err != nil || !strings.Contains(line, tt.want) {
				t.Errorf("line %q (%v), want it to hold %q", line, err, tt.want)
			}
		})
	}
}
