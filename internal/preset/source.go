package preset

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"golang.org/x/mod/module"

	"github.com/gonew-prod/gonew-prod/presets"
)

// EnvVar names the environment variable holding an org-wide default preset reference.
const EnvVar = "GONEW_PROD_PRESET"

// Default is the preset used when neither --preset nor EnvVar names one.
const Default = "default"

// Resolver finds packs by reference: a built-in name, a directory, or MODULE@VERSION
// (optionally MODULE@VERSION/subdir) fetched with `go mod download`.
type Resolver struct {
	Dir string   // base of relative directory references
	Env []string // environment of `go mod download` (GOPROXY, GOPRIVATE, GONOSUMDB, ...)
}

var builtinName = regexp.MustCompile(`^[a-z][a-z0-9-]*$`)

// Resolve loads the pack ref names.
func (r Resolver) Resolve(ctx context.Context, ref string) (Pack, error) {
	switch {
	case ref == "":
		return Pack{}, errors.New("empty preset reference")
	case strings.Contains(ref, "@"):
		return r.module(ctx, ref)
	case builtinName.MatchString(ref) && !r.isDir(ref):
		return Builtin(ref)
	default:
		return r.directory(ref)
	}
}

func (r Resolver) isDir(ref string) bool {
	info, err := os.Stat(r.abs(ref))
	return err == nil && info.IsDir()
}

func (r Resolver) abs(p string) string {
	if filepath.IsAbs(p) {
		return filepath.Clean(p)
	}
	return filepath.Join(r.Dir, p)
}

// BuiltinNames lists the built-in packs in order.
func BuiltinNames() ([]string, error) {
	entries, err := fs.ReadDir(presets.FS(), ".")
	if err != nil {
		return nil, fmt.Errorf("list built-in presets: %w", err)
	}
	var names []string
	for _, e := range entries {
		if e.IsDir() {
			names = append(names, e.Name())
		}
	}
	return names, nil
}

// Builtin loads the built-in pack called name.
func Builtin(name string) (Pack, error) {
	loc, err := builtinLocation(name)
	if err != nil {
		return Pack{}, err
	}
	p, err := load(loc, nil)
	p.Source = "builtin"
	return p, err
}

func builtinLocation(name string) (location, error) {
	names, err := BuiltinNames()
	if err != nil {
		return location{}, err
	}
	if !slices.Contains(names, name) {
		return location{}, fmt.Errorf("unknown preset %q: built-in presets are %s; a directory needs a path like ./%s", name, strings.Join(names, ", "), name)
	}
	loc := location{root: presets.FS(), dir: name, label: "preset " + name, key: "builtin:" + name}
	loc.extend = func(ref string) (location, error) {
		return builtinLocation(ref)
	}
	return loc, nil
}

func (r Resolver) directory(ref string) (Pack, error) {
	loc, err := dirLocation(r.abs(ref), ref)
	if err != nil {
		return Pack{}, err
	}
	p, err := load(loc, nil)
	p.Source = ref
	return p, err
}

// dirLocation is a pack in directory dir of the file system; shown is how to name it.
func dirLocation(dir, shown string) (location, error) {
	info, err := os.Lstat(dir)
	if err != nil {
		return location{}, fmt.Errorf("preset %s: %w", shown, unwrapPath(err))
	}
	if !info.IsDir() {
		return location{}, fmt.Errorf("preset %s: not a directory", shown)
	}
	loc := location{root: os.DirFS(dir), dir: ".", label: filepath.ToSlash(filepath.Clean(shown)), key: "dir:" + dir}
	loc.extend = func(ref string) (location, error) {
		if builtinName.MatchString(ref) && !strings.Contains(ref, "/") {
			if _, err := os.Stat(filepath.Join(dir, ref)); err != nil {
				return builtinLocation(ref)
			}
		}
		if filepath.IsAbs(ref) {
			return location{}, errors.New("must be a built-in name or a path relative to the pack")
		}
		return dirLocation(filepath.Join(dir, ref), path.Join(loc.label, ref))
	}
	return loc, nil
}

// modDownload is the part of `go mod download -json` output used here.
type modDownload struct {
	Path    string
	Version string
	Dir     string
	Error   string
}

func (r Resolver) module(ctx context.Context, ref string) (Pack, error) {
	modPath, rest, _ := strings.Cut(ref, "@")
	version, sub, _ := strings.Cut(rest, "/")
	if err := module.CheckPath(modPath); err != nil {
		return Pack{}, fmt.Errorf("preset %s: invalid module path: %w", ref, err)
	}
	if version == "" {
		return Pack{}, fmt.Errorf("preset %s: a module preset needs a version: MODULE@VERSION[/subdir]", ref)
	}
	if sub != "" && !fs.ValidPath(sub) {
		return Pack{}, fmt.Errorf("preset %s: subdirectory %q must be a relative path inside the module", ref, sub)
	}
	cmd := exec.CommandContext(ctx, "go", "mod", "download", "-json", modPath+"@"+version)
	cmd.Dir = os.TempDir() // outside any module, so no go.mod is consulted or changed
	cmd.Env = r.Env
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	runErr := cmd.Run()
	var dl modDownload
	if err := json.Unmarshal(stdout.Bytes(), &dl); err != nil {
		if runErr != nil {
			return Pack{}, fmt.Errorf("preset %s: go mod download: %w: %s", ref, runErr, strings.TrimSpace(stderr.String()))
		}
		return Pack{}, fmt.Errorf("preset %s: go mod download printed no module: %w", ref, err)
	}
	if dl.Error != "" {
		return Pack{}, fmt.Errorf("preset %s: go mod download: %s", ref, dl.Error)
	}
	if runErr != nil || dl.Dir == "" {
		return Pack{}, fmt.Errorf("preset %s: go mod download: %v: %s", ref, runErr, strings.TrimSpace(stderr.String()))
	}
	if sub == "" {
		sub = "."
	}
	loc, err := moduleLocation(os.DirFS(dl.Dir), sub, dl.Path+"@"+dl.Version)
	if err != nil {
		return Pack{}, err
	}
	p, err := load(loc, nil)
	p.Source, p.Version = dl.Path+"@"+dl.Version, dl.Version
	if sub != "." {
		p.Source += "/" + sub
	}
	return p, err
}

// moduleLocation is a pack in directory dir of a downloaded module; extends may reach
// other packs of the same module but never leave it.
func moduleLocation(root fs.FS, dir, mod string) (location, error) {
	loc := location{root: root, dir: dir, label: mod + "/" + dir, key: "mod:" + mod + "/" + dir}
	if dir == "." {
		loc.label = mod
	}
	loc.extend = func(ref string) (location, error) {
		target := path.Join(dir, ref)
		if builtinName.MatchString(ref) {
			if _, err := fs.Stat(root, target); err != nil {
				return builtinLocation(ref)
			}
		}
		if path.IsAbs(ref) || !fs.ValidPath(target) {
			return location{}, errors.New("must be a built-in name or a path inside the same module")
		}
		return moduleLocation(root, target, mod)
	}
	return loc, nil
}
