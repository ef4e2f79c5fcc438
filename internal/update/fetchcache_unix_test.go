//go:build unix

package update

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
)

// cacheFetcher fetches v0.0.1 of fetchModule's proxy through a -toolexec script that logs
// the tools the go command runs, so that a test sees whether go install linked.
type cacheFetcher struct {
	root string
	env  []string
}

func newCacheFetcher(t *testing.T) cacheFetcher {
	t.Helper()
	root, env := fetchModule(t)
	script := filepath.Join(root, "toolexec.sh")
	// A tool asked for its version (-V=full) is how go identifies it, not a build step.
	const logTools = "#!/bin/sh\ncase \"$2\" in -V=full) ;; *) basename \"$1\" >>\"$TOOL_LOG\" ;; esac\nexec \"$@\"\n"
	if err := os.WriteFile(script, []byte(logTools), 0o755); err != nil {
		t.Fatal(err)
	}
	return cacheFetcher{root: root, env: append(env, "GOPROXY=file://"+filepath.ToSlash(filepath.Join(root, "proxy")), "GOFLAGS=-modcacherw -toolexec="+script)}
}

// cached is where a fetch keeps the binary.
func (c cacheFetcher) cached() string { return cachedBin(c.env, "v0.0.1") }

// fetch fetches and runs the binary, and returns its content and whether go install
// linked it.
func (c cacheFetcher) fetch(t *testing.T) (bin []byte, linked bool) {
	t.Helper()
	bin, linked, err := c.try(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	return bin, linked
}

// try is fetch, safe to call from any goroutine: it logs the tools in dir.
func (c cacheFetcher) try(dir string) (bin []byte, linked bool, err error) {
	log := filepath.Join(dir, "tools")
	g := Generated{Dir: c.root, Env: append(slices.Clone(c.env), "TOOL_LOG="+log), Version: "(devel)"}
	f, err := g.Fetch(context.Background(), "v0.0.1")
	if err != nil {
		return nil, false, fmt.Errorf("fetch: %w", err)
	}
	defer f.Close()
	if out, err := exec.Command(f.Bin).CombinedOutput(); err != nil {
		return nil, false, fmt.Errorf("the fetched binary: %w\n%s", err, out)
	}
	if bin, err = os.ReadFile(f.Bin); err != nil {
		return nil, false, err
	}
	tools, err := os.ReadFile(log)
	if err != nil && !os.IsNotExist(err) { // none when go ran no tool
		return nil, false, err
	}
	return bin, slices.Contains(strings.Fields(string(tools)), "link"), nil
}

// TestFetchCache: a fetch keeps the binary go install built in the user's cache
// directory, and the next fetch of the version copies it into its own GOBIN, where go
// install finds it up to date and does not link it again (nor is the cache written again
// with the same bytes). A damaged file there (truncated, a bit flipped, empty, other
// bytes) is not copied, and is replaced by what go install links; one that is sound but
// holds no binary, which go install refuses to replace, is taken away for a second go
// install; what is not a regular file (a link, even to a sound copy, a directory, a named
// pipe) is neither read nor replaced. The fetch works in every case.
func TestFetchCache(t *testing.T) {
	c := newCacheFetcher(t)
	cached := c.cached()
	bin, linked := c.fetch(t)
	if !linked {
		t.Fatal("the first fetch, with nothing cached, did not link: the test cannot tell a link")
	}
	sum := sha256.Sum256(bin)
	want := append(slices.Clone(bin), sum[:]...) // the binary, then its sum
	info, err := os.Lstat(cached)
	if err != nil || !info.Mode().IsRegular() || info.Mode().Perm() != 0o644 {
		t.Fatalf("the cache after the first fetch: %v %v, want a regular file, mode 0644", info, err)
	}
	if kept, err := os.ReadFile(cached); err != nil || !bytes.Equal(kept, want) {
		t.Fatalf("the cache does not hold the binary installed and its sum (%v)", err)
	}
	again, linked := c.fetch(t)
	if linked {
		t.Error("the second fetch linked the binary again, the cache's copy not taken as up to date")
	}
	if !bytes.Equal(again, bin) {
		t.Error("the second fetch's binary differs from the first's")
	}
	if now, err := os.Lstat(cached); err != nil || !os.SameFile(info, now) {
		t.Errorf("the cache was written again with the same binary (%v)", err)
	}

	good := filepath.Join(c.root, "good")
	if err := os.WriteFile(good, want, 0o644); err != nil {
		t.Fatal(err)
	}
	other := slices.Clone(want)
	other[len(other)/2] ^= 1 // a bit flipped in the middle of the binary
	script := []byte("#!/bin/sh\necho not gonew-prod\n")
	scriptSum := sha256.Sum256(script)
	write := func(data []byte) func(*testing.T) error {
		return func(*testing.T) error { return os.WriteFile(cached, data, 0o644) }
	}
	tests := []struct {
		name  string
		make  func(t *testing.T) error
		fresh bool // replaced with the binary; else left as it is
	}{
		// go install would take it as up to date (its build ID is intact), and run it.
		{"truncated", write(want[:len(want)/2]), true},
		{"a bit flipped", write(other), true},
		{"the binary without its sum", write(bin), true},
		{"empty", write(nil), true},
		// go install refuses to replace it: not an object file.
		{"other bytes", write(bytes.Repeat([]byte{'x'}, len(want))), true},
		{"other bytes with their sum", write(slices.Concat(script, scriptSum[:])), true},
		{"a link to a sound copy", func(*testing.T) error { return os.Symlink(good, cached) }, false},
		{"a directory", func(*testing.T) error { return os.Mkdir(cached, 0o755) }, false},
		{"a named pipe", func(*testing.T) error { return syscall.Mkfifo(cached, 0o644) }, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := os.RemoveAll(cached); err != nil {
				t.Fatal(err)
			}
			if err := tt.make(t); err != nil {
				t.Fatal(err)
			}
			before, err := os.Lstat(cached)
			if err != nil {
				t.Fatal(err)
			}
			got, linked := c.fetch(t)
			if !linked {
				t.Error("go install did not link: it took what is in the cache's place as the binary")
			}
			if !bytes.Equal(got, bin) {
				t.Error("the fetched binary differs from the one go install builds")
			}
			after, err := os.Lstat(cached)
			switch {
			case err != nil:
				t.Fatal(err)
			case tt.fresh:
				if kept, err := os.ReadFile(cached); err != nil || !bytes.Equal(kept, want) || !after.Mode().IsRegular() {
					t.Errorf("the damaged cache was not replaced with the binary installed (%v)", err)
				}
			case after.Mode().Type() != before.Mode().Type() || !os.SameFile(before, after):
				t.Errorf("the cache's %s was replaced (%v, was %v)", tt.name, after.Mode(), before.Mode())
			}
		})
	}
}

// TestFetchCacheConcurrent: fetches of the same version at the same time, with nothing
// cached, all work, leave a complete binary in the cache and nothing else there (no
// temporary file), and the next fetch takes it as up to date.
func TestFetchCacheConcurrent(t *testing.T) {
	c := newCacheFetcher(t)
	const n = 4
	bins, errs := make([][]byte, n), make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		dir := t.TempDir()
		wg.Go(func() { bins[i], _, errs[i] = c.try(dir) })
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("fetch %d: %v", i, err)
		}
	}
	cached := c.cached()
	kept, err := os.ReadFile(cached)
	if err != nil {
		t.Fatal(err)
	}
	for i, bin := range bins {
		sum := sha256.Sum256(bin)
		if !bytes.Equal(slices.Concat(bin, sum[:]), kept) {
			t.Errorf("fetch %d: its binary is not the one cached", i)
		}
	}
	entries, err := os.ReadDir(filepath.Dir(cached))
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 || entries[0].Name() != binName {
		t.Errorf("the cache's directory holds %v, want %s alone", entries, binName)
	}
	if _, linked := c.fetch(t); linked {
		t.Error("the fetch after them linked the binary again")
	}
}

// TestCachedBin: the cache is below the user's cache directory as os.UserCacheDir finds
// it, but in the command's environment; none without an absolute one.
func TestCachedBin(t *testing.T) {
	darwin := runtime.GOOS == "darwin" || runtime.GOOS == "ios"
	tests := []struct {
		name string
		env  []string
		want string // on darwin, wantDarwin
		// wantDarwin: HOME/Library/Caches, whatever XDG_CACHE_HOME says.
		wantDarwin string
	}{
		{"XDG_CACHE_HOME", []string{"HOME=/home/a", "XDG_CACHE_HOME=/var/cache/a"}, "/var/cache/a/gonew-prod/fetched/v1.2.3/gonew-prod", "/home/a/Library/Caches/gonew-prod/fetched/v1.2.3/gonew-prod"},
		{"HOME", []string{"HOME=/home/a"}, "/home/a/.cache/gonew-prod/fetched/v1.2.3/gonew-prod", "/home/a/Library/Caches/gonew-prod/fetched/v1.2.3/gonew-prod"},
		{"XDG_CACHE_HOME empty", []string{"HOME=/home/a", "XDG_CACHE_HOME="}, "/home/a/.cache/gonew-prod/fetched/v1.2.3/gonew-prod", "/home/a/Library/Caches/gonew-prod/fetched/v1.2.3/gonew-prod"},
		{"the last setting", []string{"HOME=/home/b", "HOME=/home/a"}, "/home/a/.cache/gonew-prod/fetched/v1.2.3/gonew-prod", "/home/a/Library/Caches/gonew-prod/fetched/v1.2.3/gonew-prod"},
		// As os.UserCacheDir: a relative XDG_CACHE_HOME is an error, not a fall back to HOME.
		{"XDG_CACHE_HOME relative", []string{"HOME=/home/a", "XDG_CACHE_HOME=cache"}, "", "/home/a/Library/Caches/gonew-prod/fetched/v1.2.3/gonew-prod"},
		{"HOME relative", []string{"HOME=home"}, "", ""},
		{"neither", []string{"PATH=/bin"}, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := tt.want
			if darwin {
				want = tt.wantDarwin
			}
			if got := cachedBin(tt.env, "v1.2.3"); got != filepath.FromSlash(want) {
				t.Errorf("cachedBin = %q, want %q", got, want)
			}
		})
	}
}
