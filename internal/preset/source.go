package preset

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"golang.org/x/mod/modfile"
	"golang.org/x/mod/module"
	modzip "golang.org/x/mod/zip"

	"github.com/gonew-prod/gonew-prod/generator"
	"github.com/gonew-prod/gonew-prod/internal/gitview"
	"github.com/gonew-prod/gonew-prod/presets"
)

// EnvVar names the environment variable holding an org-wide default preset reference.
const EnvVar = "GONEW_PROD_PRESET"

// Default is the preset used when neither --preset nor EnvVar names one.
const Default = "default"

// SourceBuiltin is the Source of the built-in packs.
const SourceBuiltin = "builtin"

// Resolver finds packs by reference: a built-in name, a directory path, or MODULE@VERSION
// (optionally MODULE@VERSION/subdir) fetched with `go mod download`.
type Resolver struct {
	Dir string   // base of relative directory references
	Env []string // environment of `go mod download` (GOPROXY, GOPRIVATE, GONOSUMDB, ...)
	// recorded: the pack is read again for a project's record (Recorded).
	recorded bool
}

// FetchError reports a module pack that could not be downloaded: a runtime failure (the
// network, the proxy, the checksum database), not a fault of the reference.
type FetchError struct {
	Ref string
	Err error
}

func (e *FetchError) Error() string { return fmt.Sprintf("preset %s: %v", e.Ref, e.Err) }
func (e *FetchError) Unwrap() error { return e.Err }

// builtinName matches the references that name built-in packs: a bare word. A directory
// is always named as a path (./default, ../packs/acme, /srv/packs/acme).
var builtinName = regexp.MustCompile(`^[a-z][a-z0-9-]*$`)

// IsModuleRef reports whether ref names a module pack (MODULE@VERSION[/subdir]): it
// holds an '@' and is not a path (./, ../ or /), which a directory of the module cache
// (.../presets@v1.4.0/acme) is.
func IsModuleRef(ref string) bool {
	return strings.Contains(ref, "@") && !filepath.IsAbs(ref) && !strings.HasPrefix(ref, "./") && !strings.HasPrefix(ref, "../")
}

// IsDirectoryRef reports whether ref names a directory pack: a path that is neither a
// built-in name nor a module reference, as Resolve takes it.
func IsDirectoryRef(ref string) bool {
	return ref != "" && !IsModuleRef(ref) && !builtinName.MatchString(ref)
}

// Resolve loads the pack ref names.
func (r Resolver) Resolve(ctx context.Context, ref string) (Pack, error) {
	switch {
	case ref == "":
		return Pack{}, errors.New("empty preset reference")
	case IsModuleRef(ref):
		return r.module(ctx, ref)
	case builtinName.MatchString(ref):
		return Builtin(ref)
	default:
		return r.directory(ctx, ref)
	}
}

// Recorded loads the pack a project's record names, refusing a pack whose name or version
// is not the recorded one. It is read again for the project the record is of: a list of
// its answers that gives an entry twice, which a pack given now may not (givenTwice), is
// taken with each entry once, as when the record was made (a module pack's version cannot
// be changed), and a pack that leaves out a file a pack it extends locks, refused since
// the project was made, is taken as it was.
func (r Resolver) Recorded(ctx context.Context, rec generator.RecordPreset) (Pack, error) {
	r.recorded = true
	return r.Replayed(ctx, rec)
}

// Replayed loads the pack a record names for a new project (new --answers), refusing a
// pack whose name or version is not the recorded one, with every check of a pack given
// now: a new project honours the locks of the packs it extends, whenever the record was
// made.
func (r Resolver) Replayed(ctx context.Context, rec generator.RecordPreset) (Pack, error) {
	var (
		p   Pack
		err error
	)
	switch {
	case rec.Source == SourceBuiltin:
		// The record names a built-in pack, not a path: builtinLocation's advice to write
		// a directory as ./NAME does not apply.
		names, nerr := BuiltinNames()
		if nerr != nil {
			return Pack{}, nerr
		}
		if !slices.Contains(names, rec.Name) {
			return Pack{}, fmt.Errorf("the record names the built-in preset %q (source: %s), which this gonew-prod does not have: the built-in presets are %s (gonew-prod presets list); correct the record's preset name, or pass --preset to choose one", rec.Name, SourceBuiltin, strings.Join(names, ", "))
		}
		p, err = Builtin(rec.Name)
	case IsModuleRef(rec.Source):
		p, err = r.module(ctx, rec.Source)
	case rec.Source == "":
		return Pack{}, errors.New("the record names no preset source")
	default:
		p, err = r.directory(ctx, rec.Source)
		if errors.Is(err, fs.ErrNotExist) {
			return Pack{}, fmt.Errorf("the record names preset pack %s, a directory that is not at %s; pass --preset with its path", rec.Source, r.abs(rec.Source))
		}
	}
	if err != nil {
		return Pack{}, err
	}
	if p.Name != rec.Name {
		return Pack{}, fmt.Errorf("the record names preset %s from %s, but that source now holds preset %s; pass --preset to choose one", rec.Name, rec.Source, p.Name)
	}
	if p.Version != rec.Version {
		return Pack{}, fmt.Errorf("the record names preset %s at version %q, but %s resolved to %q", rec.Name, rec.Version, rec.Source, p.Version)
	}
	return p, nil
}

// RecordedFrom returns the first of dir and the directories above it from which src, the
// relative path of a directory pack a record names, leads to a directory, and whether one
// does. The path is relative to where gonew-prod ran when it wrote the record, which need
// not be the project (dir): new run from the parent of the project it made is usual.
func RecordedFrom(src, dir string) (string, bool) {
	if src == "" || src == SourceBuiltin || IsModuleRef(src) || filepath.IsAbs(src) {
		return "", false
	}
	for d := dir; ; d = filepath.Dir(d) {
		if info, err := os.Stat(filepath.Join(d, src)); err == nil && info.IsDir() {
			return d, true
		}
		if filepath.Dir(d) == d {
			return "", false
		}
	}
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
	p, err := load(loc, false)
	p.Source = SourceBuiltin
	return p, err
}

// builtinKey begins the location key of a built-in pack.
const builtinKey = "builtin:"

func builtinLocation(name string) (location, error) {
	names, err := BuiltinNames()
	if err != nil {
		return location{}, err
	}
	if !slices.Contains(names, name) {
		return location{}, fmt.Errorf("unknown preset %q: built-in presets are %s; a directory needs a path like ./%s", name, strings.Join(names, ", "), name)
	}
	return treeLocation(presets.FS(), name, "preset "+name, builtinKey, "", nil), nil
}

func (r Resolver) directory(ctx context.Context, ref string) (Pack, error) {
	dir := r.abs(ref)
	info, err := os.Stat(dir)
	if err != nil {
		return Pack{}, fmt.Errorf("preset %s: %w", ref, err)
	}
	if !info.IsDir() {
		return Pack{}, fmt.Errorf("preset %s: not a directory", ref)
	}
	// The pack is bounded by the checkout or module that holds it, as the same tree
	// published as a module is bounded by the module: a sibling pack (extends: ../base)
	// is reachable, nothing above that root is. Symbolic links on the way to the pack are
	// resolved first, so that its path inside the root holds none (lstatPath refuses them).
	real, err := filepath.EvalSymlinks(dir)
	if err != nil {
		return Pack{}, fmt.Errorf("preset %s: %w", ref, err)
	}
	root, marker, err := packRoot(ctx, r.Env, real)
	if err != nil {
		return Pack{}, fmt.Errorf("preset %s: %w", ref, err)
	}
	sub, err := filepath.Rel(root, real)
	if err != nil {
		return Pack{}, fmt.Errorf("preset %s: %w", ref, err)
	}
	bound := noCheckout
	if marker != "" {
		bound = root + ", the directory holding " + marker
	}
	// A pack in a module is published as a version of it: a file the module's zip would
	// not hold is refused here, so that the checkout never resolves to more than its tag.
	var zipped func(string) error
	if marker == "go.mod" {
		if zipped, err = moduleZipHolds(ctx, r.Env, root); err != nil {
			return Pack{}, fmt.Errorf("preset %s: %w", ref, err)
		}
	}
	loc := treeLocation(os.DirFS(root), filepath.ToSlash(sub), filepath.ToSlash(filepath.Clean(ref)), "dir:"+root+":", bound, zipped)
	p, err := load(loc, r.recorded)
	p.Source = ref
	return p, err
}

// noCheckout is the bound of a directory pack that no checkout holds: its own directory.
const noCheckout = "its directory: no go.mod or .git above it marks a checkout whose other packs it may extend (a repository that ignores the pack, as a dotfiles repository ignoring * does, is none); to have packs extend each other, keep them in one checkout: git init, or a go.mod, in the directory that holds them"

// packRoot is the root that bounds a directory pack at dir (a path without symbolic
// links): the nearest directory, dir itself or above, that holds go.mod (the module the
// pack would be published in) or .git (its checkout), with the name it holds; else dir.
// A repository whose work tree ignores the pack (ignoresPack), as a home directory's
// dotfiles repository ignoring * does, is no checkout of it: the walk goes on above it.
// A repository of its own inside the work tree of a module's repository (a submodule, a
// nested clone: a go.mod above its .git, in a work tree; see inRepository) is not taken
// for a checkout that is no module: its files are in the module's directory but in none
// of its commits, so its root is the module's, whose zip check (moduleZipHolds) refuses
// them. A go.mod at the top of that repository makes it a module of its own, its root.
// A work tree whose git index is not a regular file (readableIndex) is refused.
func packRoot(ctx context.Context, env []string, dir string) (root, marker string, err error) {
	root, marker = nearest(dir, "go.mod", ".git")
	for marker == ".git" {
		ignored, err := ignoresPack(ctx, env, root, dir)
		if err != nil {
			return "", "", err
		}
		if !ignored {
			break
		}
		if filepath.Dir(root) == root {
			return dir, "", nil
		}
		if root, marker = nearest(filepath.Dir(root), "go.mod", ".git"); marker == "" {
			return dir, "", nil
		}
	}
	if marker != ".git" || filepath.Dir(root) == root {
		return root, marker, nil
	}
	if mod, m := nearest(filepath.Dir(root), "go.mod"); m != "" {
		if in, err := inRepository(ctx, env, mod); err != nil {
			return "", "", err
		} else if in {
			return mod, "go.mod", nil
		}
	}
	return root, marker, nil
}

// readableIndex refuses the git work tree at dir, where a git command that reads its
// index (git ls-files) is to run, when that index is not a regular file
// (gitview.IrregularIndex): on a named pipe the command would wait for good. Where git
// cannot say (no git, no work tree, one git refuses to read), its commands fail as well
// and judge nothing, as without this check.
func readableIndex(ctx context.Context, env []string, dir string) error {
	index, _, err := gitview.IrregularIndex(ctx, env, dir)
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if err != nil || index == "" {
		return nil
	}
	return fmt.Errorf("git's index %s: %w, which git reads when asked which files of the work tree at %s it tracks, as it reads the pack (a named pipe would make it wait for good); remove it (git reset then writes a new one from the last commit) and run again", index, generator.ErrNotRegular, dir)
}

// ignoresPack reports whether the git work tree at root ignores the pack at dir, a
// directory below it: its preset.yaml is a file git ignores and does not track
// (gitview.FindUntrackedIgnored), so that no commit of the repository holds it. Where git
// cannot answer, the repository is taken for the pack's checkout, as its .git says; an
// index that is not a regular file is an error (readableIndex).
func ignoresPack(ctx context.Context, env []string, root, dir string) (bool, error) {
	rel, err := filepath.Rel(root, filepath.Join(dir, "preset.yaml"))
	if err != nil {
		return false, nil
	}
	if err := readableIndex(ctx, env, root); err != nil {
		return false, err
	}
	ignored, err := gitview.FindUntrackedIgnored(ctx, env, root, []string{filepath.ToSlash(rel)})
	return err == nil && len(ignored) > 0, nil
}

// inRepository reports whether the module directory mod is in a git repository: git
// finds a work tree from it (as GIT_CEILING_DIRECTORIES and the rest let it), and that
// work tree tracks its go.mod or would add it (git add -A). A module directory the work
// tree ignores (a home directory's dotfiles repository ignoring *) is in none, and so is
// one where git cannot run. An index that is not a regular file is an error
// (readableIndex).
func inRepository(ctx context.Context, env []string, mod string) (bool, error) {
	if err := readableIndex(ctx, env, mod); err != nil {
		return false, err
	}
	cmd := exec.CommandContext(ctx, "git", "ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", "go.mod")
	cmd.Dir, cmd.Env = mod, env
	out, err := cmd.Output()
	return err == nil && len(out) > 0, nil
}

// nearest returns the nearest directory, dir itself or above, that holds one of names,
// with the first of names it holds; dir and "" when none does.
func nearest(dir string, names ...string) (string, string) {
	for d := dir; ; {
		for _, m := range names {
			if _, err := os.Lstat(filepath.Join(d, m)); err == nil {
				return d, m
			}
		}
		parent := filepath.Dir(d)
		if parent == d {
			return dir, ""
		}
		d = parent
	}
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
	if sub != "" {
		// acme/ and ./acme name the directory acme, as they do in a directory reference;
		// what still leaves the module after cleaning (../x, acme/../..) is refused.
		raw := sub
		if sub = path.Clean(sub); !fs.ValidPath(sub) {
			// MODULE@VERSION//acme: the subdirectory is /acme, which names no directory of
			// the module; say which reference was likely meant.
			meant := ""
			if rel := path.Clean(strings.TrimLeft(raw, "/")); path.IsAbs(raw) && fs.ValidPath(rel) && rel != "." {
				meant = fmt.Sprintf("; the subdirectory follows the version after a single /: --preset %s@%s/%s", modPath, version, rel)
			}
			return Pack{}, fmt.Errorf("preset %s: subdirectory %q must be a relative path inside the module%s", ref, raw, meant)
		}
	}
	cmd := exec.CommandContext(ctx, "go", "mod", "download", "-json", modPath+"@"+version)
	cmd.Dir = os.TempDir() // outside any module, so no go.mod is consulted or changed
	// A go.work found above the temporary directory must not change what is fetched.
	cmd.Env = append(slices.Clone(r.Env), "GOWORK=off")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	runErr := cmd.Run()
	var dl modDownload
	if err := json.Unmarshal(stdout.Bytes(), &dl); err != nil {
		if runErr != nil {
			return Pack{}, &FetchError{Ref: ref, Err: fmt.Errorf("go mod download: %w: %s", runErr, oneLine(stderr.String()))}
		}
		return Pack{}, &FetchError{Ref: ref, Err: fmt.Errorf("go mod download printed no module: %w", err)}
	}
	if dl.Error != "" {
		return Pack{}, &FetchError{Ref: ref, Err: fmt.Errorf("go mod download: %s", oneLine(dl.Error))}
	}
	if runErr != nil || dl.Dir == "" {
		return Pack{}, &FetchError{Ref: ref, Err: fmt.Errorf("go mod download: %v: %s", runErr, oneLine(stderr.String()))}
	}
	if sub == "" {
		sub = "."
	}
	mod := dl.Path + "@" + dl.Version
	label := mod
	if sub != "." {
		label += "/" + sub
	}
	p, err := load(treeLocation(os.DirFS(dl.Dir), sub, label, "mod:"+mod+":", "module "+mod, nil), r.recorded)
	p.Source, p.Version = mod, dl.Version
	if sub != "." {
		p.Source += "/" + sub
	}
	return p, err
}

// oneLine joins the lines of a tool's message, so errors stay single-line.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// treeLocation is a pack in directory dir of root, which bounds it: a relative extends
// reaches other packs of the same root (a module, a directory, the built-ins) but never
// leaves it, and a bare word names a built-in pack. bound names the root in messages;
// zipped, when root is a module's directory, says why the module's zip would not hold a
// file of root (moduleZipHolds), nil otherwise.
func treeLocation(root fs.FS, dir, label, keyPrefix, bound string, zipped func(string) error) location {
	loc := location{root: root, dir: dir, label: label, key: keyPrefix + dir, zipped: zipped}
	loc.extend = func(ref string) (location, error) {
		if builtinName.MatchString(ref) {
			names, err := BuiltinNames()
			if err != nil {
				return location{}, err
			}
			if !slices.Contains(names, ref) {
				// builtinLocation's hint is for a path on the command line; here a path
				// is relative to this pack.
				return location{}, fmt.Errorf("unknown preset %q: built-in presets are %s; %s", ref, strings.Join(names, ", "), packPathHint(root, dir, ref, bound))
			}
			return builtinLocation(ref)
		}
		target := path.Join(dir, ref)
		if path.IsAbs(ref) || strings.Contains(ref, "\\") || !fs.ValidPath(target) {
			msg := "must be a built-in name or a relative path that stays inside the pack's tree"
			if bound != "" {
				msg += " (" + bound + ")"
			}
			return location{}, errors.New(msg)
		}
		info, err := lstatPath(root, target)
		missing := errors.Is(err, fs.ErrNotExist)
		if names, _ := BuiltinNames(); missing && !strings.ContainsAny(ref, "/.") && len(names) > 0 {
			// A bare name that is no built-in's (Default): name both readings.
			return location{}, fmt.Errorf("no directory %s in the pack, and no built-in preset of that name: built-in presets are %s (in lower case); %s", ref, strings.Join(names, ", "), packPathHint(root, dir, ref, bound))
		}
		if err != nil && !missing {
			return location{}, unwrapPath(err)
		}
		if err == nil && info.Mode()&fs.ModeSymlink != 0 {
			return location{}, errors.New("symbolic links are not allowed in a pack")
		}
		// A directory that is not there is named by holdsPack, as one holding no pack.
		shown := path.Join(label, ref)
		if strings.HasPrefix(label, "preset ") {
			shown = "preset " + target
		}
		return treeLocation(root, target, shown, keyPrefix, bound, zipped), nil
	}
	return loc
}

// packPathHint says how an extends names the pack directory ref of the pack in directory
// dir of root, which bound names (see treeLocation): by a path relative to the pack,
// ../ref when a pack beside it is called so. ../ref only when root holds the pack's
// parent: a pack at the top of its tree reaches no pack beside it.
func packPathHint(root fs.FS, dir, ref, bound string) string {
	sibling := path.Join(dir, "..", ref)
	switch {
	case !fs.ValidPath(sibling) && bound == noCheckout:
		return fmt.Sprintf("a directory needs a path relative to this pack, such as ./%s below it; a pack beside it (../%s) can be extended only inside a checkout: a go.mod or .git above both, and none is above this pack", ref, ref)
	case !fs.ValidPath(sibling):
		return fmt.Sprintf("a directory needs a path relative to this pack, such as ./%s below it; a pack beside it (../%s) is outside the pack's tree (%s)", ref, ref, bound)
	}
	if info, err := lstatPath(root, sibling+"/preset.yaml"); err == nil && info.Mode().IsRegular() {
		return fmt.Sprintf("a directory needs a path relative to this pack: ../%s for the pack beside it", ref)
	}
	return fmt.Sprintf("a directory needs a path relative to this pack, such as ./%s below it or ../%s beside it", ref, ref)
}

// moduleZipHolds returns, for the module whose directory is root (a path without
// symbolic links), a function that says why the zip of a version of the module would not
// hold its file name (slash-separated, relative to root), nil when it would: the go
// command makes that zip (with golang.org/x/mod/zip, as proxy.golang.org does) of the
// tagged commit, leaving out vendored packages (below a vendor directory; with a go line
// below 1.24, almost any file below a nested one) and nested modules (a directory with a
// go.mod of its own), and cannot make it at all of a name a zip may not hold (a Windows
// reserved name, some punctuation). In a git work tree, a file no commit would hold
// (gitUncommitted) is in no version either. env is the environment git runs with.
func moduleZipHolds(ctx context.Context, env []string, root string) (func(string) error, error) {
	fsys := os.DirFS(root)
	data, err := fs.ReadFile(fsys, "go.mod")
	if err != nil {
		return nil, err
	}
	mod := modfile.ModulePath(data)
	if mod == "" {
		mod = "in the directory holding go.mod"
	}
	if err := readableIndex(ctx, env, root); err != nil {
		return nil, err
	}
	uncommitted := gitUncommitted(ctx, env, root)
	return func(name string) error {
		// x/mod reads the module's go line from the root go.mod, and finds nested modules
		// by the go.mod files among the files it is given.
		files := []modzip.File{zipFile{fsys, "go.mod"}}
		for d := path.Dir(name); d != "."; d = path.Dir(d) {
			if info, err := fs.Lstat(fsys, d+"/go.mod"); err == nil && info.Mode().IsRegular() {
				files = append(files, zipFile{fsys, d + "/go.mod"})
			}
		}
		nested := len(files) > 1
		cf, _ := modzip.CheckFiles(append(files, zipFile{fsys, name}))
		for _, fe := range cf.Omitted {
			if fe.Path != name {
				continue
			}
			fix := "rename the directory named vendor on its way (or, for a file right in it, raise the go line of the module's go.mod to 1.24 or later)"
			if nested {
				fix = fmt.Sprintf("it belongs to the module of %s: move the pack into module %s, or use it from that module", files[len(files)-1].Path(), mod)
			}
			return fmt.Errorf("the zip of module %s, which the go command makes of every version fetched, leaves it out (%v), so the pack fetched as a version of the module lacks it; %s", mod, fe.Err, fix)
		}
		for _, fe := range cf.Invalid {
			if fe.Path == name {
				return fmt.Errorf("a zip of module %s cannot hold it (%v), so no version of the module holding it can be fetched; rename it", mod, fe.Err)
			}
		}
		if why, fix := uncommitted(name); why != "" {
			return fmt.Errorf("%s, so no commit holds it, and no version of module %s, whose zip the go command makes of a tagged commit, either; %s", why, mod, fix)
		}
		return nil
	}, nil
}

// gitUncommitted returns, for the directory root of a git work tree, a function that
// says why no commit of the work tree would hold its file name (slash-separated,
// relative to root), and what to do, "" when one would: the file is in a repository of
// its own below root (a submodule, a nested clone), whose files the work tree's commits
// do not hold, or git ignores the file and does not track it (git add -A leaves it out). What git tracks, or would add,
// is asked once (git ls-files), on the first call. Outside a work tree, or without git,
// nothing is judged. A .gitattributes export-ignore does not count: the go command turns
// it off when it makes the zip of a commit (golang/go#27153), so such a file is in every
// version.
func gitUncommitted(ctx context.Context, env []string, root string) func(string) (why, fix string) {
	var (
		asked     bool
		committed map[string]bool // nil: not judged
	)
	return func(name string) (string, string) {
		if !asked {
			asked = true
			cmd := exec.CommandContext(ctx, "git", "ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", ".")
			cmd.Dir, cmd.Env = root, env
			if out, err := cmd.Output(); err == nil {
				committed = map[string]bool{}
				for _, p := range strings.Split(string(out), "\x00") {
					committed[p] = true
				}
			}
		}
		if committed == nil || committed[name] {
			return "", ""
		}
		if repo, m := nearest(filepath.Join(root, filepath.FromSlash(path.Dir(name))), ".git"); m != "" && repo != root && strings.HasPrefix(repo, root+string(filepath.Separator)) {
			// A service's repository with the presets repository as a submodule: the
			// pack is used from a checkout of its own, or published as a module of its own.
			return "it is in " + repo + ", a git repository of its own inside the module's (a submodule, a nested clone)",
				"use the pack from a clone of that repository outside the module's directory (beside it), or give that repository a go.mod of its own at its top (" + filepath.Join(repo, "go.mod") + "), which makes it a module of its own whose versions hold the pack; or, for a pack of this module, move the pack's files into the module's own repository"
		}
		ignored, err := gitview.FindIgnored(ctx, env, root, []string{name})
		switch {
		case err != nil:
			return "", ""
		case len(ignored) > 0:
			file, line, pattern := ignored[0].Where()
			if !filepath.IsAbs(file) {
				file = filepath.Join(root, filepath.FromSlash(file)) // named from root (FindIgnored)
			}
			return fmt.Sprintf("git ignores it (by %s:%d:%s) and does not track it", file, line, pattern),
				"change the pattern (or add a !exception), or add the file with git add -f"
		}
		return "git neither tracks it nor would add it (git ls-files leaves it out)",
			"git status --ignored says why; make it a file the module's repository tracks"
	}
}

// zipFile is a file of an fs.FS as golang.org/x/mod/zip reads one.
type zipFile struct {
	fsys fs.FS
	name string
}

func (f zipFile) Path() string                 { return f.name }
func (f zipFile) Lstat() (os.FileInfo, error)  { return fs.Lstat(f.fsys, f.name) }
func (f zipFile) Open() (io.ReadCloser, error) { return f.fsys.Open(f.name) }
