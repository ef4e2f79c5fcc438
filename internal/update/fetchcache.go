package update

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"

	"github.com/gonew-prod/gonew-prod/generator"
)

// binName is the name go install gives the binary of cmd/gonew-prod.
var binName = func() string {
	if runtime.GOOS == "windows" {
		return "gonew-prod.exe"
	}
	return "gonew-prod"
}()

// cacheLimit bounds the size of a cached binary fetch copies (gonew-prod's is some tens of
// MiB): a larger file there is not one fetch kept.
const cacheLimit = 512 << 20

// cachedBin returns where fetch keeps the binary of gonew-prod at version, which `go
// install` built: gonew-prod/fetched/VERSION/ below the user's cache directory, as
// os.UserCacheDir finds it, but in env, the environment the command runs with (the go
// command finds its own build cache there the same way). It returns "" when env names no
// absolute cache directory: nothing is then kept.
func cachedBin(env []string, version string) string {
	var dir string
	switch runtime.GOOS {
	case "windows":
		dir, _ = lookupEnv(env, "LocalAppData")
	case "darwin", "ios":
		if home, _ := lookupEnv(env, "HOME"); home != "" {
			dir = filepath.Join(home, "Library", "Caches")
		}
	case "plan9":
		if home, _ := lookupEnv(env, "home"); home != "" {
			dir = filepath.Join(home, "lib", "cache")
		}
	default:
		if dir, _ = lookupEnv(env, "XDG_CACHE_HOME"); dir == "" {
			if home, _ := lookupEnv(env, "HOME"); home != "" {
				dir = filepath.Join(home, ".cache")
			}
		}
	}
	if !filepath.IsAbs(dir) {
		return ""
	}
	return filepath.Join(dir, "gonew-prod", "fetched", version, binName)
}

// readCached copies the binary cached at name into w and returns its SHA-256. The file
// holds the binary followed by that sum (sha256.Size bytes), which this checks: go install
// takes a file as up to date by the build ID near its start alone, so a cached copy cut
// short would be run as it is (and a file of other bytes makes go install refuse to
// replace it: "already exists and is not an object file"). Only a regular file (not a
// link, a directory or a named pipe) no larger than cacheLimit is read. w may have
// received bytes when it fails.
func readCached(name string, w io.Writer) ([]byte, error) {
	info, err := os.Lstat(name)
	switch {
	case err != nil:
		return nil, err
	case !info.Mode().IsRegular():
		return nil, &fs.PathError{Op: "read", Path: name, Err: generator.ErrNotRegular}
	case info.Size() > cacheLimit || info.Size() < sha256.Size:
		return nil, fmt.Errorf("%s: %d bytes, not a binary fetch kept", name, info.Size())
	}
	f, err := generator.OpenNonblock(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	// The file opened is the one checked, not one put there since.
	if opened, err := f.Stat(); err != nil || !os.SameFile(info, opened) {
		return nil, fmt.Errorf("%s: replaced while opened (%v)", name, err)
	}
	h := sha256.New()
	if _, err := io.CopyN(io.MultiWriter(w, h), f, info.Size()-sha256.Size); err != nil {
		return nil, err
	}
	sum := make([]byte, sha256.Size)
	if _, err := io.ReadFull(f, sum); err != nil {
		return nil, err
	}
	if !bytes.Equal(h.Sum(nil), sum) {
		return nil, fmt.Errorf("%s: damaged, its content does not have the sum it ends with", name)
	}
	return sum, nil
}

// seedBin copies the binary cached at cached, when there is a sound one (readCached), to
// bin, where go install is about to install the same version: a copy of what an earlier
// install built with the same toolchain, flags and sources is up to date for go install
// (its build ID is the one go computes), which then leaves it as it is instead of linking
// it again; another (another toolchain, other flags) go install replaces. Without one, or
// when the copy fails, go install links the binary as it would anyway. It reports whether
// it copied one.
func seedBin(cached, bin string) bool {
	if cached == "" {
		return false
	}
	out, err := os.OpenFile(bin, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o755)
	if err != nil {
		return false
	}
	if _, err := readCached(cached, out); errors.Join(err, out.Close()) != nil {
		os.Remove(bin)
		return false
	}
	return true
}

// keepBin copies bin, the binary go install installed, into the cache at cached for the
// next fetch of the same version (seedBin), followed by its SHA-256 (readCached), unless
// the cache holds it already or something else than a regular file is there. The file
// appears complete or not at all: it is written beside and renamed over the old one, so
// that a fetch running at the same time reads either. Keeping it is only worth the time
// it saves: an error leaves the cache as it was (and the temporary file removed), and the
// fetch goes on, saying nothing.
func keepBin(bin, cached string) {
	if cached == "" {
		return
	}
	if info, err := os.Lstat(cached); err == nil {
		if !info.Mode().IsRegular() {
			return // not one fetch kept: left as it is
		}
		if kept, err := readCached(cached, io.Discard); err == nil && sameSum(bin, kept) {
			return
		}
	}
	dir := filepath.Dir(cached)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return
	}
	in, err := os.Open(bin)
	if err != nil {
		return
	}
	defer in.Close()
	tmp, err := os.CreateTemp(dir, "."+binName+".*.tmp")
	if err != nil {
		return
	}
	h := sha256.New()
	_, err = io.Copy(io.MultiWriter(tmp, h), in)
	if err == nil {
		_, err = tmp.Write(h.Sum(nil))
	}
	err = errors.Join(err, tmp.Chmod(0o644), tmp.Close()) // never run from here
	if err == nil {
		err = os.Rename(tmp.Name(), cached)
	}
	if err != nil {
		os.Remove(tmp.Name())
	}
}

// sameSum reports whether the file at name has the SHA-256 sum.
func sameSum(name string, sum []byte) bool {
	f, err := os.Open(name)
	if err != nil {
		return false
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return false
	}
	return bytes.Equal(h.Sum(nil), sum)
}
