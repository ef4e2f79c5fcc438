package repo

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"go/ast"
	"go/build/constraint"
	"go/parser"
	"go/scanner"
	"go/token"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"

	"golang.org/x/mod/modfile"

	"github.com/gonew-prod/gonew-prod/generator"
)

// OpenIn discovers the repository in the directory dir of fsys (slash-separated, "."
// for fsys's root), whose root is named root in messages, and reads besides what the
// go command finds outside it: the nearest go.work above dir when dir has none (a go
// command run in dir uses it), and the module paths in the go.mod files of the modules
// a go.work uses outside dir. Their code is not read. Files that cannot be read or
// parsed become Problems; OpenIn fails only when fsys itself cannot be walked or ctx
// ends. When fsys is an OSDir, which knows where it is on disk, a go.work's absolute
// use paths (go work use /abs/svc) are tied to the directories of the repository they
// name.
//
// OpenIn returns when ctx ends even while a read blocks for good (a hung network file
// system, a special file the checks did not see): discovery goes on aside, and its
// result is dropped.
func OpenIn(ctx context.Context, fsys fs.FS, dir, root string) (*Repo, error) {
	pl := place{fsys: fsys, dir: path.Clean(dir)}
	if d, ok := fsys.(OSDir); ok {
		pl.os = d.Path
	}
	return open(ctx, pl, root)
}

// OSDir is the file system of the OS directory Path (os.DirFS(Path)) that says where
// it is.
type OSDir struct {
	fs.FS
	Path string
}

// Open opens name as the directory's file system does, but without waiting
// (generator.OpenNonblock), and opens only regular files and directories: anything else
// (a named pipe, a device, a socket; a link to one) fails at once, wrapping
// generator.ErrNotRegular. A named pipe put where a regular file was after it was looked
// at (generator.ReadRegular's stat) is not waited on for a writer then, nor is one a read
// that did not look (Mentions) comes to.
func (d OSDir) Open(name string) (fs.File, error) {
	local, err := filepath.Localize(name)
	if err != nil || !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	f, err := generator.OpenNonblock(filepath.Join(d.Path, local))
	if err != nil {
		if pe, ok := errors.AsType[*fs.PathError](err); ok {
			pe.Path = name // as os.DirFS names it
		}
		return nil, err
	}
	info, err := f.Stat()
	if err == nil && !info.Mode().IsRegular() && !info.IsDir() {
		err = &fs.PathError{Op: "open", Path: name, Err: generator.ErrNotRegular}
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// ReadFile reads name through Open: the directory's file system's own would wait on a
// named pipe (fs.ReadFile uses it).
func (d OSDir) ReadFile(name string) ([]byte, error) {
	f, err := d.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(f)
}

// ReadLink and Lstat are those of the directory's file system (os.DirFS has both),
// which embedding it as an fs.FS hides: without them, fs.Lstat opens a file to learn
// its type, and an open of a named pipe blocks until a writer comes.
func (d OSDir) ReadLink(name string) (string, error) { return fs.ReadLink(d.FS, name) }

// Lstat: see ReadLink.
func (d OSDir) Lstat(name string) (fs.FileInfo, error) { return fs.Lstat(d.FS, name) }

// OpenDir opens the repository in the directory dir (slash-separated) of the OS
// directory top: OpenIn of OSDir{os.DirFS(top), top}.
func OpenDir(ctx context.Context, top, dir, root string) (*Repo, error) {
	return OpenIn(ctx, OSDir{FS: os.DirFS(top), Path: top}, dir, root)
}

// open returns when ctx ends even while a read blocks for good: discovery goes on
// aside, and its result is dropped.
func open(ctx context.Context, pl place, root string) (*Repo, error) {
	type result struct {
		r   *Repo
		err error
	}
	done := make(chan result, 1)
	go func() {
		r, err := openPlace(ctx, pl, root)
		done <- result{r, err}
	}()
	select {
	case res := <-done:
		return res.r, res.err
	case <-ctx.Done():
		return nil, fmt.Errorf("open %s: %w", root, ctx.Err())
	}
}

// openPlace is open, but for a read that blocks.
func openPlace(ctx context.Context, pl place, root string) (*Repo, error) {
	r := &Repo{Root: root, Fset: token.NewFileSet(), Packages: map[string]*Package{}, files: map[string][]byte{}, links: map[string]string{}, notRead: map[string]string{}}
	r.place = pl
	if pl.os != "" {
		if abs, err := filepath.Abs(filepath.Join(pl.os, filepath.FromSlash(pl.dir))); err == nil {
			r.osRoot = abs
		}
	}
	fsys := pl.fsys
	if r.place.dir != "." {
		sub, err := fs.Sub(fsys, r.place.dir)
		if err != nil {
			return nil, fmt.Errorf("open %s: %w", root, err)
		}
		fsys = sub
	}
	r.fsys = fsys
	var goFiles, tests []string
	var vendors, sums []string
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == "." {
				return err
			}
			r.problem(p, err)
			if d != nil && d.IsDir() {
				r.notRead[p] = naming(p, err)
				return fs.SkipDir
			}
			return nil
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if p == "." {
				return nil
			}
			if name == "vendor" && moduleVendor(fsys, p) {
				vendors = append(vendors, path.Dir(p))
				return fs.SkipDir
			}
			if walkSkips(name) {
				return fs.SkipDir
			}
			return nil
		}
		kind := classify(p, name)
		if testFile(name) && !hidden(path.Dir(p)) {
			tests = append(tests, p)
		}
		if hidden(path.Dir(p)) && !buildFile(kind) {
			kind = kindSkip // the go command's patterns leave out the directory: no Go code, module or build read there
		}
		if kind == kindGo && d.Type()&fs.ModeSymlink != 0 {
			r.linkedGoFile(fsys, p, &goFiles)
			return nil
		}
		if !d.Type().IsRegular() {
			if kind == kindGo {
				r.notRead[p] = p + " is " + Irregular(d.Type()) + ", not a regular file"
			}
			if kind != kindSkip {
				r.problem(p, fmt.Errorf("%s, not a regular file: not read", Irregular(d.Type())))
			}
			return nil
		}
		switch kind {
		case kindGo:
			goFiles = append(goFiles, p)
		case kindGoSum: // its presence is what counts
			sums = append(sums, path.Dir(p))
		case kindSkip:
		default:
			r.readOther(fsys, p, kind)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("walk %s: %w", root, err)
	}
	for _, m := range r.Modules {
		m.Vendor = slices.Contains(vendors, m.Dir)
		m.GoSum = slices.Contains(sums, m.Dir)
	}
	slices.SortFunc(r.Modules, func(a, b *Module) int { return strings.Compare(a.Dir, b.Dir) })
	if r.Work == nil {
		r.workAbove()
	}
	slices.SortFunc(r.Works, func(a, b *Work) int { return strings.Compare(a.Dir, b.Dir) })
	if err := r.parseGo(ctx, fsys, goFiles); err != nil {
		return nil, err
	}
	if err := r.followLinks(ctx, fsys); err != nil {
		return nil, err
	}
	r.findMains()
	if err := r.readTests(ctx, fsys, goFiles, tests); err != nil {
		return nil, err
	}
	r.place = place{}
	slices.SortFunc(r.CI, func(a, b CIFile) int { return strings.Compare(a.Path, b.Path) })
	slices.Sort(r.Records)
	slices.SortFunc(r.Problems, func(a, b Problem) int { return strings.Compare(a.File, b.File) })
	return r, nil
}

// readTests records the Go files of each directory, goFiles and the test files
// tests, for Matches, and lists in TestOnly the directories of test files alone. It
// reads the lines before the package clause of the test files of a directory none
// of whose other files every build compiles (each has a constraint or a GOOS or
// GOARCH suffix, or there are none): whether a build's patterns match the directory
// may rest on them.
func (r *Repo) readTests(ctx context.Context, fsys fs.FS, goFiles, tests []string) error {
	r.goFiles, r.testHeads = map[string][]string{}, map[string][]byte{}
	for _, p := range slices.Concat(goFiles, tests) {
		r.goFiles[path.Dir(p)] = append(r.goFiles[path.Dir(p)], p)
	}
	var heads []string
	for _, p := range tests {
		dir := path.Dir(p)
		if r.Packages[dir] == nil && !slices.Contains(r.TestOnly, dir) {
			r.TestOnly = append(r.TestOnly, dir)
		}
		if !slices.ContainsFunc(r.goFiles[dir], r.everyBuild) {
			heads = append(heads, p)
		}
	}
	slices.Sort(r.TestOnly)
	read := make([][]byte, len(heads))
	parallel(len(heads), func(i int) {
		if ctx.Err() == nil {
			read[i] = r.readGoHeader(fsys, heads[i])
		}
	})
	if err := ctx.Err(); err != nil {
		return err
	}
	for i, p := range heads {
		if read[i] != nil {
			r.testHeads[p] = read[i]
		}
	}
	return nil
}

// everyBuild reports whether every build compiles the Go file p, read during
// discovery, as far as its name and source tell: no GOOS or GOARCH suffix, no
// constraint and no import "C".
func (r *Repo) everyBuild(p string) bool {
	src, ok := r.files[p]
	if !ok {
		return false
	}
	compiles, known, constraint := Build{}.Compiles(p, src)
	return compiles && known && constraint == ""
}

type fileKind int

const (
	kindSkip fileKind = iota
	kindGo
	kindGoMod
	kindGoSum
	kindGoWork
	kindMakefile
	kindDockerfile
	kindYAML
	kindRecord
	kindOtherCI
	kindText // read for the checks, such as .gitignore
	kindBazel
	kindJSON // kept when it is a Kubernetes object or a JSON 6902 patch, see readJSON
)

// skipDir reports whether the go command's patterns leave out the directory named
// name (a module's vendor directory aside, see moduleVendor): testdata,
// node_modules, and a name starting with "." or "_".
func skipDir(name string) bool {
	return name == "testdata" || name == "node_modules" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")
}

// walkSkips reports whether discovery leaves out the directory named name
// altogether: those skipDir names, but for a directory starting with "." (.github,
// .gitlab, .buildkite, .k8s), where CI configuration, the files a GitLab pipeline
// includes and manifests live. Discovery walks those for such files only (see
// hidden), and skips only version control's and tools' stores (hiddenStores).
func walkSkips(name string) bool {
	if strings.HasPrefix(name, ".") {
		return slices.Contains(hiddenStores, name)
	}
	return skipDir(name)
}

// hiddenStores are the directories starting with "." that hold version control's
// data, or what tools download or cache (third-party files, never the
// repository's build): discovery does not walk them.
var hiddenStores = []string{".git", ".hg", ".svn", ".jj", ".bzr", ".venv", ".tox", ".cache", ".terraform", ".terragrunt-cache", ".idea", ".vscode", ".gradle", ".yarn", ".npm", ".pnpm-store", ".next", ".nuxt", ".direnv", ".bundle", ".mypy_cache", ".pytest_cache", ".ruff_cache"}

// hidden reports whether dir (slash-separated, relative to the root) is or lies in a
// directory starting with ".", which the go command's patterns leave out: only the
// files buildFile names are read there.
func hidden(dir string) bool {
	for part := range strings.SplitSeq(dir, "/") {
		if strings.HasPrefix(part, ".") && part != "." {
			return true
		}
	}
	return false
}

// buildFile reports whether a file of kind is read in a directory starting with
// ".": YAML (CI files, the files a GitLab pipeline includes, manifests), other CI
// configuration, and the text files checks look up by path (a local GitHub action,
// a golangci-lint configuration named by -c). Go code, modules, Makefiles,
// Dockerfiles (read there when a build names one, see ReadDockerfile) and Bazel
// files are not.
func buildFile(kind fileKind) bool {
	return kind == kindYAML || kind == kindJSON || kind == kindOtherCI || kind == kindText
}

// moduleVendor reports whether p, a directory named vendor, holds vendored
// dependencies: it sits beside a go.mod or go.work, or outside every module (GOPATH
// mode, where any vendor directory does). Below a module's root, a directory named
// vendor is an ordinary package (the suppliers of a marketplace).
func moduleVendor(fsys fs.FS, p string) bool {
	dir := path.Dir(p)
	for _, name := range []string{"go.mod", "go.work"} {
		if _, err := stat(fsys, join(dir, name)); err == nil {
			return true
		}
	}
	for dir != "." {
		dir = path.Dir(dir)
		if _, err := stat(fsys, join(dir, "go.mod")); err == nil {
			return false
		}
	}
	return true
}

// testFile reports whether the file named name is a Go test file the go command
// reads: x_test.go, not starting with "." or "_".
func testFile(name string) bool {
	return strings.HasSuffix(name, "_test.go") && !strings.HasPrefix(name, ".") && !strings.HasPrefix(name, "_")
}

func classify(p, name string) fileKind {
	switch {
	case strings.HasPrefix(p, ".github/actions/"): // local GitHub actions: only their definitions
		if name == "action.yml" || name == "action.yaml" {
			return kindText
		}
		return kindSkip
	case strings.HasSuffix(name, ".go"):
		if strings.HasSuffix(name, "_test.go") || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") {
			return kindSkip
		}
		return kindGo
	case name == "go.mod":
		return kindGoMod
	case name == "go.sum":
		return kindGoSum
	case name == "go.work":
		return kindGoWork
	case generator.IsMakefileName(name) || strings.HasSuffix(name, ".mk"):
		return kindMakefile
	case dockerfileName(name):
		return kindDockerfile
	case name == ".golangci.toml" || name == ".golangci.json": // golangci-lint's configuration, beside .golangci.yml
		return kindText
	case name == ".gonew-prod.yaml": // at the root, or beside a module it records (see Records)
		return kindRecord
	case name == ".gitignore", strings.EqualFold(name, "justfile"), strings.EqualFold(name, ".justfile"): // justfiles: just's recipes
		return kindText
	case strings.HasSuffix(name, ".env"): // env files, which a kustomize configMapGenerator reads (envs:)
		return kindText
	case strings.HasPrefix(name, "docker-bake") && (strings.HasSuffix(name, ".hcl") || strings.HasSuffix(name, ".json")): // docker buildx bake's files
		return kindText
	case name == "BUILD.bazel" || name == "BUILD":
		return kindBazel
	case otherCI(p, name):
		return kindOtherCI
	case strings.HasSuffix(name, ".yml") || strings.HasSuffix(name, ".yaml"):
		return kindYAML
	case strings.HasSuffix(name, ".json"): // manifests and kustomize patches written in JSON
		return kindJSON
	}
	return kindSkip
}

// otherCI reports whether the file p, named name, is the configuration of a CI
// system other than GitHub Actions and GitLab CI, where that system reads it:
// CircleCI, Jenkins, Travis CI, Azure Pipelines, Bitbucket Pipelines, Drone,
// Woodpecker (.woodpecker.yml, or the files of .woodpecker/), Buildkite
// (.buildkite/pipeline.yml, buildkite.yml), Gitea and Forgejo Actions (their
// workflows, in GitHub's syntax but run by another runner), Semaphore, AWS
// CodeBuild (buildspec.yml), Google Cloud Build (cloudbuild.yaml) and Tekton's
// Pipelines-as-Code (the YAML files of .tekton/ and the directories below it).
// Jenkins, Azure Pipelines and CircleCI (a pipeline of its GitHub App) read a file
// of any path the job or pipeline is set up with: their usual names are known, a
// Jenkinsfile in any directory (ci/Jenkinsfile), Jenkinsfile.NAME or NAME.jenkinsfile;
// azure-pipelines.yml or .yaml in any directory, azure-pipelines-NAME.yml, and the
// YAML files of .azure-pipelines/ and .pipelines/ (and below them); the YAML files
// of .circleci/ (config.yml, config.yaml, a dynamic configuration's continuation).
func otherCI(p, name string) bool {
	dir := path.Dir(p)
	yml := strings.HasSuffix(name, ".yml") || strings.HasSuffix(name, ".yaml")
	base := strings.TrimSuffix(strings.TrimSuffix(name, ".yml"), ".yaml")
	lower := strings.ToLower(name)
	under := func(d string) bool { return dir == d || strings.HasPrefix(dir, d+"/") }
	switch {
	case p == ".semaphore/semaphore.yml", yml && dir == ".circleci":
		return true
	case lower == "jenkinsfile", strings.HasPrefix(lower, "jenkinsfile."), strings.HasSuffix(lower, ".jenkinsfile"):
		return true
	case yml && (base == "azure-pipelines" || strings.HasPrefix(base, "azure-pipelines-") || under(".azure-pipelines") || under(".pipelines")):
		return true
	case dir == "." && slices.Contains([]string{".travis.yml", "bitbucket-pipelines.yml", ".drone.yml", ".woodpecker.yml", ".woodpecker.yaml"}, name):
		return true
	case dir == "." && yml && slices.Contains([]string{"buildkite", "buildspec", "cloudbuild"}, base), p == "cloudbuild.json":
		return true
	case yml && (dir == ".tekton" || strings.HasPrefix(dir, ".tekton/")):
		return true
	case yml && (dir == ".woodpecker" || dir == ".gitea/workflows" || dir == ".forgejo/workflows"),
		yml && dir == ".buildkite" && strings.HasPrefix(name, "pipeline"):
		return true
	}
	return false
}

// dockerfileName reports whether a file's name makes it a Dockerfile, in any case
// (docker build reads a lowercase dockerfile too): Dockerfile, Containerfile,
// Dockerfile.NAME or NAME.Dockerfile, but for the ignore file BuildKit reads beside
// one (NAME.dockerignore).
func dockerfileName(name string) bool {
	n := strings.ToLower(name)
	return n == "dockerfile" || n == "containerfile" ||
		(strings.HasPrefix(n, "dockerfile.") || strings.HasSuffix(n, ".dockerfile")) && !strings.HasSuffix(n, ".dockerignore")
}

// ReadDockerfile takes the file at p (slash-separated, relative to the root) for a
// Dockerfile, as a build that names it with -f does whatever its name, reading it
// when discovery did not: it adds p to Dockerfiles and reports whether p is one now.
// A path out of the repository, and a file that is not there (the build's to
// make), are left alone; a file that is no regular file or lies under a symbolic
// link, cannot be read or is larger than the bound of the build files becomes a
// Problem.
// ReadDockerfile is not safe for concurrent use.
func (r *Repo) ReadDockerfile(p string) bool {
	if slices.Contains(r.Dockerfiles, p) {
		return true
	}
	if _, ok := r.readNamed(p, true); !ok {
		return false
	}
	r.Dockerfiles = append(r.Dockerfiles, p)
	slices.Sort(r.Dockerfiles)
	return true
}

// ReadNamed returns the file at p (slash-separated, relative to the root) that a
// build file names, such as the script an image runs, reading it when discovery
// did not, under the same rules as ReadDockerfile: a path out of the repository
// and a file that is not there are left alone (ok false); a file that is no
// regular file or lies under a symbolic link, cannot be read or is larger than the
// bound of the build files becomes a Problem, but for a directory, which is no
// file of that name (a COPY of the build context may name either). ReadNamed is not
// safe for concurrent use.
func (r *Repo) ReadNamed(p string) ([]byte, bool) {
	return r.readNamed(p, false)
}

// readNamed is ReadNamed; dirProblem makes a directory at p a Problem too.
func (r *Repo) readNamed(p string, dirProblem bool) ([]byte, bool) {
	if b, read := r.files[p]; read {
		return b, true
	}
	if r.fsys == nil || p == "." || !fs.ValidPath(p) {
		return nil, false
	}
	parts := strings.Split(p, "/")
	for i := range parts {
		sub := strings.Join(parts[:i+1], "/")
		info, err := fs.Lstat(r.fsys, sub)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			return nil, false
		case err != nil:
			r.problem(p, err)
			return nil, false
		case info.Mode()&fs.ModeSymlink != 0 && i < len(parts)-1:
			r.problem(p, fmt.Errorf("%s is a symbolic link: not read", sub))
			return nil, false
		case i < len(parts)-1 && !info.IsDir(): // a file where p needs a directory: not there
			return nil, false
		case i == len(parts)-1 && info.IsDir() && !dirProblem:
			return nil, false
		case i == len(parts)-1 && !info.Mode().IsRegular():
			r.problem(p, fmt.Errorf("%s, not a regular file: not read", Irregular(info.Mode().Type())))
			return nil, false
		}
	}
	return r.read(r.fsys, p)
}

// Irregular names the type of a file that is not regular: "a named pipe", "a symbolic link".
func Irregular(t fs.FileMode) string {
	switch {
	case t.IsDir():
		return "a directory"
	case t&fs.ModeSymlink != 0:
		return "a symbolic link"
	case t&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case t&fs.ModeSocket != 0:
		return "a socket"
	case t&fs.ModeDevice != 0:
		return "a device"
	}
	return "a special file"
}

// maxOtherFile bounds the size of the non-Go files read, maxGoFile that of Go files
// (far above real generated code); larger ones are problems. maxHeader bounds what is
// read of a Go file too large to read, to tell whether the build leaves it out.
const (
	maxOtherFile = 4 << 20
	maxGoFile    = 32 << 20
	maxHeader    = 64 << 10
)

func (r *Repo) problem(p string, err error) {
	if pr := (Problem{File: p, Err: err.Error()}); !slices.Contains(r.Problems, pr) { // a file named again (ReadNamed)
		r.Problems = append(r.Problems, pr)
	}
}

// naming returns the message of err about file p, with p before it unless it names p.
func naming(p string, err error) string {
	if msg := err.Error(); strings.Contains(msg, p) {
		return msg
	}
	return p + ": " + err.Error()
}

func (r *Repo) read(fsys fs.FS, p string) ([]byte, bool) {
	b, err := readLimited(fsys, p, maxOtherFile)
	if err != nil {
		r.problem(p, err)
		if errors.As(err, new(errTooLarge)) {
			r.TooLarge = append(r.TooLarge, p)
		}
		return nil, false
	}
	r.files[p] = b
	return b, true
}

// readJSON reads the JSON file p and keeps it when it is a Kubernetes object (a
// manifest) or a list of JSON 6902 operations (a kustomize patch): the other JSON
// files of a repository (package.json, fixtures) are no concern of the checks, and
// are neither kept nor problems, nor is one too large to read that names no
// apiVersion and kind.
func (r *Repo) readJSON(fsys fs.FS, p string) {
	b, err := readLimited(fsys, p, maxOtherFile)
	if errors.As(err, new(errTooLarge)) {
		if found, _ := Mentions(fsys, p, `"apiVersion"`, `"kind"`); len(found) == 2 {
			r.problem(p, err)
			r.TooLarge = append(r.TooLarge, p)
		}
		return
	}
	if err != nil {
		r.problem(p, err)
		return
	}
	switch t := bytes.TrimSpace(b); {
	case bytes.Contains(t, []byte(`"apiVersion"`)) && bytes.Contains(t, []byte(`"kind"`)):
		r.files[p] = b
		r.Manifests = append(r.Manifests, p)
	case bytes.HasPrefix(t, []byte("[")) && bytes.Contains(t, []byte(`"op"`)):
		r.files[p] = b
	}
}

// Mentions returns those of words that the file p of fsys holds, read in pieces: a
// file of any size, such as one too large to be read for the checks.
func Mentions(fsys fs.FS, p string, words ...string) ([]string, error) {
	f, err := fsys.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	keep := 0 // the bytes kept from one piece for a word that ends in the next
	for _, w := range words {
		keep = max(keep, len(w)-1)
	}
	found := make([]bool, len(words))
	buf := make([]byte, keep+64<<10)
	held := 0
	for {
		n, err := f.Read(buf[held:])
		window := buf[:held+n]
		for i, w := range words {
			found[i] = found[i] || bytes.Contains(window, []byte(w))
		}
		held = min(keep, len(window))
		copy(buf, window[len(window)-held:])
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, &fs.PathError{Op: "read", Path: p, Err: err}
		}
	}
	var out []string
	for i, w := range words {
		if found[i] {
			out = append(out, w)
		}
	}
	return out, nil
}

// Mentions is [Mentions] in the repository: p is a path of it.
func (r *Repo) Mentions(p string, words ...string) ([]string, error) {
	if r.fsys == nil {
		return nil, fs.ErrNotExist
	}
	return Mentions(r.fsys, p, words...)
}

// errTooLarge is the error of a file above the size bound of its kind.
type errTooLarge int64

func (e errTooLarge) Error() string { return fmt.Sprintf("larger than %d bytes, not read", int64(e)) }

// readLimited reads file p of fsys when it holds at most limit bytes: its size is
// checked before it is read, and again while it is, so that a file too large is never
// held in memory.
func readLimited(fsys fs.FS, p string, limit int64) ([]byte, error) {
	f, err := fsys.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if info.Size() > limit {
		return nil, errTooLarge(limit)
	}
	b := make([]byte, 0, info.Size()+1) // +1: the read that finds the end needs no growth
	for {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
		n, err := f.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if int64(len(b)) > limit {
			return nil, errTooLarge(limit)
		}
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return nil, &fs.PathError{Op: "read", Path: p, Err: err}
		}
	}
}

func (r *Repo) readOther(fsys fs.FS, p string, kind fileKind) {
	if kind == kindJSON {
		r.readJSON(fsys, p)
		return
	}
	ci, isCI := ciKind(p, kind)
	b, ok := r.read(fsys, p)
	if !ok {
		if isCI { // listed as a problem: a CI file not read is not the absence of CI
			r.CI = append(r.CI, CIFile{Path: p, Kind: ci, Unread: true})
		}
		return
	}
	if isCI {
		r.CI = append(r.CI, CIFile{Path: p, Kind: ci})
		return
	}
	switch kind {
	case kindGoMod:
		r.addModule(p, b)
	case kindGoWork:
		r.addWork(p, b)
	case kindMakefile:
		r.Makefiles = append(r.Makefiles, p)
	case kindDockerfile:
		r.Dockerfiles = append(r.Dockerfiles, p)
	case kindRecord:
		r.Records = append(r.Records, p)
	case kindBazel:
		if bytes.Contains(b, []byte("go_binary(")) {
			r.Bazel = append(r.Bazel, p)
		}
	case kindYAML:
		if isManifest(b) {
			r.Manifests = append(r.Manifests, p)
		}
	}
}

// LeftOut records paths (relative to the root) that git tracks but the work tree
// lacks (a sparse checkout, or git update-index --skip-worktree), as discovery could
// not see them: each is a problem, and a CI file among them (a GitHub workflow,
// .gitlab-ci.yml) is CI that was not read, not absent CI.
func (r *Repo) LeftOut(paths []string) {
	for _, p := range paths {
		if !fs.ValidPath(p) || p == "." || slices.ContainsFunc(r.CI, func(f CIFile) bool { return f.Path == p }) {
			continue
		}
		r.problem(p, errors.New("tracked by git but not in the work tree (a sparse checkout, or --skip-worktree): not read"))
		if ci, ok := ciKind(p, classify(p, path.Base(p))); ok {
			r.CI = append(r.CI, CIFile{Path: p, Kind: ci, Unread: true})
		}
	}
	slices.SortFunc(r.CI, func(a, b CIFile) int { return strings.Compare(a.Path, b.Path) })
	slices.SortFunc(r.Problems, func(a, b Problem) int { return strings.Compare(a.File, b.File) })
}

// ciKind returns the kind of CI file that p, a file of kind, is, and whether it is
// one: a GitHub workflow, .gitlab-ci.yml, a GoReleaser or ko file, or another CI's.
func ciKind(p string, kind fileKind) (CIKind, bool) {
	base := strings.TrimSuffix(strings.TrimSuffix(path.Base(p), ".yml"), ".yaml")
	switch {
	case kind == kindOtherCI:
		return OtherCI, true
	case kind != kindYAML:
		return "", false
	case path.Dir(p) == ".github/workflows":
		return GitHub, true
	case p == ".gitlab-ci.yml":
		return GitLab, true
	case base == ".goreleaser" || base == "goreleaser":
		return GoReleaser, true
	case p == ".ko.yaml" || p == ".ko.yml":
		return Ko, true
	}
	return "", false
}

// isManifest reports whether a YAML document looks like a Kubernetes object.
func isManifest(b []byte) bool {
	var api, kind bool
	for line := range bytes.Lines(b) {
		api = api || bytes.HasPrefix(line, []byte("apiVersion:"))
		kind = kind || bytes.HasPrefix(line, []byte("kind:"))
	}
	return api && kind
}

func (r *Repo) addModule(p string, b []byte) {
	f, err := modfile.ParseLax(p, b, nil)
	if err != nil {
		r.problem(p, err)
		return
	}
	if f.Module == nil {
		r.problem(p, errors.New("no module directive"))
		return
	}
	m := &Module{Dir: path.Dir(p), Path: f.Module.Mod.Path}
	if f.Go != nil {
		m.Go, m.GoLine = f.Go.Version, f.Go.Syntax.Start.Line
	}
	for _, g := range f.Godebug {
		m.Godebug = append(m.Godebug, Setting{Key: g.Key, Value: g.Value, Line: g.Syntax.Start.Line})
	}
	for _, req := range f.Require {
		m.Requires = append(m.Requires, Require{Path: req.Mod.Path, Version: req.Mod.Version, Line: req.Syntax.Start.Line, Indirect: req.Indirect})
	}
	m.Replaces = r.replaces(p, laxReplaces(f.Syntax))
	r.Modules = append(r.Modules, m)
}

// place is where the repository is: the directory dir of fsys, and fsys is the OS
// directory os when that is known ("" otherwise).
type place struct {
	fsys fs.FS
	dir  string
	os   string
}

// inRoot returns the path relative to the root of abs, an absolute OS path, when fsys
// is an OS directory and abs lies in the root, symbolic links resolved on both sides.
func (pl place) inRoot(abs string) (string, bool) {
	if pl.os == "" {
		return "", false
	}
	real := func(p string) string {
		if r, err := filepath.EvalSymlinks(p); err == nil {
			return r
		}
		return filepath.Clean(p)
	}
	rel, err := filepath.Rel(real(filepath.Join(pl.os, filepath.FromSlash(pl.dir))), real(abs))
	if err != nil || !filepath.IsLocal(rel) {
		return "", false
	}
	return filepath.ToSlash(rel), true
}

// full returns the path in fsys of p, a path relative to the root.
func (pl place) full(p string) string { return path.Join(pl.dir, p) }

// rel returns the path relative to the root of p, a clean path in fsys: "../lib"
// for a directory beside the root.
func (pl place) rel(p string) string {
	if pl.dir == "." {
		return p
	}
	base, target := strings.Split(pl.dir, "/"), strings.Split(p, "/")
	if p == "." {
		target = nil
	}
	i := 0
	for i < len(base) && i < len(target) && base[i] == target[i] {
		i++
	}
	up := slices.Repeat([]string{".."}, len(base)-i)
	if out := path.Join(append(up, target[i:]...)...); out != "" {
		return out
	}
	return "."
}

// laxReplaces returns the replace directives of a go.mod's syntax: a lenient parse
// leaves them out of the file's Replace. A directive that does not read as one is
// passed over, as the go command would refuse the file.
func laxReplaces(syntax *modfile.FileSyntax) []*modfile.Replace {
	var out []*modfile.Replace
	add := func(line *modfile.Line, tokens []string) {
		arrow := slices.Index(tokens, "=>")
		if arrow != 1 && arrow != 2 || len(tokens)-arrow-1 != 1 && len(tokens)-arrow-1 != 2 {
			return
		}
		words := make([]string, 0, 4)
		for _, t := range tokens {
			if u, err := strconv.Unquote(t); err == nil {
				t = u
			}
			words = append(words, t)
		}
		rep := &modfile.Replace{Syntax: line}
		rep.Old.Path, rep.New.Path = words[0], words[arrow+1]
		if arrow == 2 {
			rep.Old.Version = words[1]
		}
		if len(words) == arrow+3 {
			rep.New.Version = words[arrow+2]
		}
		out = append(out, rep)
	}
	for _, stmt := range syntax.Stmt {
		switch x := stmt.(type) {
		case *modfile.Line:
			if len(x.Token) > 1 && x.Token[0] == "replace" {
				add(x, x.Token[1:])
			}
		case *modfile.LineBlock:
			if len(x.Token) == 1 && x.Token[0] == "replace" {
				for _, l := range x.Line {
					add(l, l.Token)
				}
			}
		}
	}
	return out
}

// replaces returns the replace directives of file (a go.mod or go.work, relative to
// the root), with each replacement directory relative to the root.
func (r *Repo) replaces(file string, reps []*modfile.Replace) []Replace {
	var out []Replace
	for _, rep := range reps {
		x := Replace{Old: rep.Old.Path, OldVersion: rep.Old.Version, New: rep.New.Path, NewVersion: rep.New.Version, At: r.At(file, rep.Syntax.Start.Line)}
		if x.NewVersion == "" && modfile.IsDirectoryPath(x.New) && !filepath.IsAbs(x.New) && !path.IsAbs(x.New) {
			x.Dir = r.place.rel(path.Join(path.Dir(r.place.full(file)), filepath.ToSlash(x.New)))
		}
		out = append(out, x)
	}
	return out
}

// addWork adds the go.work file p (relative to the root; above it for the go.work
// workAbove finds): the root's is Work too.
func (r *Repo) addWork(p string, b []byte) {
	f, err := modfile.ParseWork(p, b, nil)
	if err != nil {
		r.problem(p, err)
		return
	}
	w := &Work{Path: p, Dir: path.Dir(p)}
	if f.Go != nil {
		w.Go, w.GoLine = f.Go.Version, f.Go.Syntax.Start.Line
	}
	for _, u := range f.Use {
		dir := u.Path
		if !filepath.IsAbs(dir) && !path.IsAbs(dir) {
			dir = r.place.rel(path.Join(path.Dir(r.place.full(p)), filepath.ToSlash(dir)))
		} else if rel, ok := r.place.inRoot(dir); ok {
			dir = rel // go work use /abs/repo/svc: the repository's svc
		}
		w.Use = append(w.Use, dir)
		w.UseAt = append(w.UseAt, r.At(p, u.Syntax.Start.Line))
		if inside(dir) {
			continue
		}
		if mod, ok := r.modulePathOutside(dir); ok {
			if w.UsePaths == nil {
				w.UsePaths = map[string]string{}
			}
			w.UsePaths[dir] = mod
		}
	}
	for _, g := range f.Godebug {
		w.Godebug = append(w.Godebug, Setting{Key: g.Key, Value: g.Value, Line: g.Syntax.Start.Line})
	}
	w.Replaces = r.replaces(p, f.Replace)
	if p == "go.work" {
		r.Work = w
	}
	r.Works = append(r.Works, w)
}

// maxGoWork bounds the size of the go.work and go.mod files read outside the root.
const maxGoWork = 1 << 20

// readOutside returns the content of p, a path relative to the root that leads out
// of it, when fsys holds it and it is a regular file of a bounded size (an absolute
// path is not read).
func (r *Repo) readOutside(p string) ([]byte, bool) {
	full := r.place.full(p)
	if path.IsAbs(p) || filepath.IsAbs(p) || !fs.ValidPath(full) {
		return nil, false
	}
	info, err := stat(r.place.fsys, full)
	if err != nil || !info.Mode().IsRegular() || info.Size() > maxGoWork {
		return nil, false
	}
	b, err := fs.ReadFile(r.place.fsys, full)
	return b, err == nil
}

// modulePathOutside returns the module path in the go.mod of dir, a directory
// outside the root, when it can be read.
func (r *Repo) modulePathOutside(dir string) (string, bool) {
	b, ok := r.readOutside(path.Join(dir, "go.mod"))
	if !ok {
		return "", false
	}
	mod := modfile.ModulePath(b)
	return mod, mod != ""
}

// workAbove adds the go.work nearest above the root, as a go command run at the root
// finds it (GOWORK unset; workspace.Find): the first file of that name from the root up
// that is not a directory, a named pipe or a link to one too. None when the root has
// one (the walk read it, or made it a Problem). One that is not a regular file, is
// larger than maxGoWork or cannot be read is not read (never opened, for a named pipe,
// whose open would wait for a writer) but becomes a Problem, and the search ends
// there: the go command uses it, not one further up.
func (r *Repo) workAbove() {
	for d := r.place.dir; ; d = path.Dir(d) {
		full := path.Join(d, "go.work")
		if info, err := r.place.statFollowed(full); err == nil && !info.IsDir() {
			if d != r.place.dir {
				r.readWorkAbove(full, info)
			}
			return
		}
		if d == "." {
			return
		}
	}
}

// statFollowed returns the stat of p, a path in fsys, every symbolic link followed as
// the go command follows it (an absolute one too, when fsys is an OS directory: os.Stat,
// which opens nothing), else as stat follows them.
func (pl place) statFollowed(p string) (fs.FileInfo, error) {
	if pl.os != "" {
		return os.Stat(filepath.Join(pl.os, filepath.FromSlash(p)))
	}
	return stat(pl.fsys, p)
}

// readWorkAbove reads and adds the go.work at full, a path in fsys above the root whose
// stat (links followed) is info, or makes it a Problem.
func (r *Repo) readWorkAbove(full string, info fs.FileInfo) {
	p := r.place.rel(full)
	if !info.Mode().IsRegular() {
		r.problem(p, fmt.Errorf("%s, not a regular file: not read", Irregular(info.Mode().Type())))
		return
	}
	b, err := readLimited(r.place.fsys, full, maxGoWork)
	if err != nil {
		r.problem(p, err)
		return
	}
	r.files[p] = b
	r.addWork(p, b)
}

// parseGo reads and parses the Go files on every CPU: the package clause and imports
// of each, and the whole of package main files.
func (r *Repo) parseGo(ctx context.Context, fsys fs.FS, paths []string) error {
	slices.Sort(paths)
	files := make([]*File, len(paths))
	srcs := make([][]byte, len(paths))
	errs := make([]error, len(paths))
	leftOut := make([]bool, len(paths)) // a file not read that the build leaves out
	parallel(len(paths), func(i int) {
		if ctx.Err() != nil {
			return
		}
		src, err := r.readGo(fsys, paths[i])
		if err != nil {
			errs[i] = err
			var header []byte
			if errors.Is(err, errTooLarge(maxGoFile)) {
				header = r.readGoHeader(fsys, paths[i])
			}
			leftOut[i] = builtNever(paths[i], header)
			return
		}
		srcs[i] = src
		files[i], errs[i] = parseFile(r.Fset, paths[i], src)
		leftOut[i] = errs[i] != nil && builtNever(paths[i], src)
	})
	if err := ctx.Err(); err != nil {
		return err
	}
	var written, generated []*File
	for i, p := range paths {
		if srcs[i] != nil {
			r.files[p] = srcs[i]
		}
		switch {
		case errs[i] != nil && files[i] != nil && files[i].Generated: // a generated file that does not parse: skipped, as the build will say
		case errs[i] != nil && leftOut[i]: // no linux/amd64 build compiles it: no program misses it
			r.problem(p, errs[i])
		case errs[i] != nil:
			r.problem(p, errs[i])
			r.notRead[p] = naming(p, errs[i])
			if files[i] != nil { // a package main's, which may hold func main: it keeps the package a main one (see Main.MainUnread)
				written = append(written, files[i])
			}
		case files[i] != nil && files[i].Generated:
			generated = append(generated, files[i])
		case files[i] != nil:
			written = append(written, files[i])
		}
	}
	r.addFiles(written)
	r.addGenerated(generated) // once every hand-written file has made its package
	return nil
}

// addGenerated adds generated files to the packages of their directories: to the
// package the hand-written files there make, when of its name, or else to a package of
// generated files alone (protobuf messages, cgo bindings), named as addFiles names one.
// A build compiles them all the same: their imports are the program's (cgo, the HTTP
// framework).
func (r *Repo) addGenerated(files []*File) {
	namers := map[string]*File{}
	for _, f := range files {
		dir := path.Dir(f.Path)
		if n := namers[dir]; r.Packages[dir] == nil && !f.otherPlatforms && (n == nil || n.Tagged && !f.Tagged) {
			namers[dir] = f
		}
	}
	for _, f := range files {
		dir := path.Dir(f.Path)
		pkg := r.Packages[dir]
		if pkg == nil && namers[dir] != nil {
			pkg = r.newPackage(dir, namers[dir].Syntax.Name.Name)
		}
		if pkg != nil && pkg.Name == f.Syntax.Name.Name && !f.otherPlatforms {
			pkg.Generated = append(pkg.Generated, f)
		}
	}
}

// builtNever reports whether no linux/amd64 build compiles the Go file p whose start
// is src, as its name or its header says (a //go:build ignore line, or one only other
// platforms satisfy).
func builtNever(p string, src []byte) bool {
	if !nameBuilds(path.Base(p)) {
		return true
	}
	h := scanHeader(src)
	if h.err != nil {
		return false
	}
	return h.build != nil && (ignored(h.build) || stateOf(p, h.build) == otherPlatforms)
}

// Ignored reports whether the constraint of the Go source src (its //go:build line,
// or legacy // +build lines) holds for no setting of its tags while the ignore tag,
// which no build sets by convention, is unset: a program run apart (go run gen.go) or a file kept aside, which
// the go command never compiles with its package, whatever the platform and other
// tags (//go:build ignore, ignore && linux). A constraint on more build tags than
// are tried counts as not ignored.
func Ignored(src []byte) bool {
	h := scanHeader(src)
	return h.err == nil && h.build != nil && ignored(h.build)
}

// ignored reports whether no setting of x's tags but ignore satisfies x (see
// Ignored).
func ignored(x constraint.Expr) bool {
	var tags []string
	x.Eval(func(tag string) bool {
		if tag != "ignore" && !slices.Contains(tags, tag) {
			tags = append(tags, tag)
		}
		return false
	})
	if len(tags) > maxBuildTags {
		return false
	}
	for set := 0; set < 1<<len(tags); set++ {
		if x.Eval(func(tag string) bool { return tag != "ignore" && set&(1<<slices.Index(tags, tag)) != 0 }) {
			return false
		}
	}
	return true
}

// readGoHeader returns the whole lines of the first maxHeader bytes of the Go file p
// (nil when it cannot be read): enough for the header of a file too large to read.
func (r *Repo) readGoHeader(fsys fs.FS, p string) []byte {
	if real, ok := r.links[p]; ok {
		p = real
	}
	if info, err := stat(fsys, p); err != nil || !info.Mode().IsRegular() { // the open of a named pipe would wait for a writer
		return nil
	}
	f, err := fsys.Open(p)
	if err != nil {
		return nil
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxHeader))
	if err != nil {
		return nil
	}
	if len(b) == maxHeader { // the last line may be cut
		b = b[:bytes.LastIndexByte(b, '\n')+1]
	}
	return b
}

// parseFile parses src: nil without error when the file is excluded by a
// "//go:build ignore" (or "// +build ignore") constraint (see Ignored). A file only other platforms
// than linux/amd64 build is parsed all the same, and marked. A generated file that
// does not parse gives a File (marked Generated) and the error.
func parseFile(fset *token.FileSet, p string, src []byte) (*File, error) {
	h := scanHeader(src)
	if h.err != nil {
		return nil, fmt.Errorf("%s:%d: %w", p, h.errLine, h.err)
	}
	if h.build != nil && ignored(h.build) {
		return nil, nil
	}
	state := stateOf(p, h.build)
	const mode = parser.SkipObjectResolution
	syntax, err := parser.ParseFile(fset, p, src, mode|parser.ImportsOnly)
	switch {
	case err != nil && h.generated:
		return &File{Path: p, Generated: true}, err
	case err != nil && syntax != nil && syntax.Name.Name == "main": // its package clause parses: see Main.MainUnread
		bare := &ast.File{Package: syntax.Package, Name: syntax.Name}
		return &File{Path: p, Syntax: bare, GoDebug: h.debug, Tagged: state == tagged, otherPlatforms: state == otherPlatforms, errLine: errLine(err)}, err
	case err != nil:
		return nil, err
	}
	full := syntax.Name.Name == "main" && !h.generated // see LoadGenerated
	var fullErr error
	if full {
		if whole, err := parser.ParseFile(fset, p, src, mode); err == nil {
			syntax = whole
		} else { // its imports are kept, as Load keeps them: see Main.MainUnread
			full, fullErr = false, err
		}
	}
	f := &File{Path: p, Syntax: syntax, Full: full, GoDebug: h.debug, Generated: h.generated, Tagged: state == tagged, otherPlatforms: state == otherPlatforms, errLine: errLine(fullErr)}
	for _, spec := range syntax.Imports {
		ip, err := strconv.Unquote(spec.Path.Value)
		if err != nil {
			continue
		}
		imp := Import{Path: ip, Line: Line(fset, spec.Pos())}
		if spec.Name != nil {
			imp.Name = spec.Name.Name
		}
		f.Imports = append(f.Imports, imp)
	}
	return f, fullErr
}

// errLine returns the line of the first error of err, a parser's, or 0.
func errLine(err error) int {
	var list scanner.ErrorList
	if errors.As(err, &list) && len(list) > 0 {
		return list[0].Pos.Line
	}
	return 0
}

// header is what the lines of a Go file before its package clause say.
type header struct {
	// generated reports a generated code marker.
	generated bool
	// build is the constraint of the //go:build line or, in a file without one, of
	// the legacy // +build lines, all of which must hold; nil when there is none.
	build constraint.Expr
	// err is a //go:build line that does not parse, or a second one, at errLine:
	// the go command refuses the file's package.
	err     error
	errLine int
	// debug are the //go:debug settings.
	debug []Setting
}

// scanHeader reads the lines before the package clause. As go/build does, it takes a
// // +build line only from the leading run of // comments and blank lines, and only
// above the last blank line of that run: one right above the package clause, or after
// a /* */ comment, is no constraint (go vet calls it misplaced). A //go:build line
// counts anywhere before the package clause outside a /* */ comment.
func scanHeader(src []byte) header {
	var h header
	var goBuild constraint.Expr
	var plus []plusBuild
	n, cut := 0, 0     // cut: the last blank line of the leading run
	ended := false     // a line that is neither blank nor a // comment was seen
	inComment := false // in a /* */ comment
	for line := range bytes.Lines(src) {
		n++
		s := string(bytes.TrimSpace(line))
		if s == "" && !ended {
			cut = n
			continue
		}
		if !strings.HasPrefix(s, "//") {
			ended = true
		}
		if inComment || strings.HasPrefix(s, "/*") {
			inComment = commentOpen(s, inComment)
			continue
		}
		switch {
		case strings.HasPrefix(s, "package "):
			return h.withBuild(goBuild, plus, cut)
		case strings.HasPrefix(s, "// Code generated ") && strings.HasSuffix(s, " DO NOT EDIT."):
			h.generated = true
		case constraint.IsGoBuild(s):
			x, err := constraint.Parse(s)
			switch {
			case h.err != nil:
			case err != nil:
				h.err, h.errLine = fmt.Errorf("//go:build line: %w", err), n
			case goBuild != nil:
				h.err, h.errLine = errors.New("a second //go:build line"), n
			default:
				goBuild = x
			}
		case constraint.IsPlusBuild(s):
			if x, err := constraint.Parse(s); err == nil {
				plus = append(plus, plusBuild{x, n})
			}
		case strings.HasPrefix(s, "//go:debug "):
			for kv := range strings.FieldsSeq(strings.TrimPrefix(s, "//go:debug ")) {
				k, v, _ := strings.Cut(kv, "=")
				h.debug = append(h.debug, Setting{Key: k, Value: v, Line: n})
			}
		}
	}
	return h.withBuild(goBuild, plus, cut)
}

// commentOpen reports whether a /* */ comment is still open after line s, which
// starts in one when open is true, or else starts one.
func commentOpen(s string, open bool) bool {
	for {
		if open {
			i := strings.Index(s, "*/")
			if i < 0 {
				return true
			}
			s, open = strings.TrimSpace(s[i+2:]), false
			continue
		}
		if !strings.HasPrefix(s, "/*") {
			return false
		}
		s, open = s[2:], true
	}
}

// plusBuild is a // +build line's constraint and the line's number.
type plusBuild struct {
	x    constraint.Expr
	line int
}

// withBuild returns h with the constraint of goBuild or, without one, of the // +build
// lines above line cut, all of which must hold.
func (h header) withBuild(goBuild constraint.Expr, plus []plusBuild, cut int) header {
	h.build = goBuild
	if goBuild != nil {
		return h
	}
	for _, p := range plus {
		switch {
		case p.line > cut:
		case h.build == nil:
			h.build = p.x
		default:
			h.build = &constraint.AndExpr{X: h.build, Y: p.x}
		}
	}
	return h
}

// addFiles adds the hand-written files to the packages of their directories, in
// order. A directory's package is named by its first file that a linux/amd64 build
// without tags compiles, or by its first file that some build tag brings in when none
// does: a file of another package name is skipped, with a Problem that says so
// unless only other platforms build it.
func (r *Repo) addFiles(files []*File) {
	namers := map[string]*File{}
	for _, f := range files {
		dir := path.Dir(f.Path)
		if n := namers[dir]; !f.otherPlatforms && (n == nil || n.Tagged && !f.Tagged) {
			namers[dir] = f
		}
	}
	for _, f := range files {
		if namer := namers[path.Dir(f.Path)]; namer != nil {
			r.addFile(f, namer)
		}
	}
}

// addFile adds f to the package of its directory, which namer names.
func (r *Repo) addFile(f, namer *File) {
	dir := path.Dir(f.Path)
	pkg := r.Packages[dir]
	if pkg == nil {
		pkg = r.newPackage(dir, namer.Syntax.Name.Name)
	}
	switch {
	case f.Syntax.Name.Name == pkg.Name && f.otherPlatforms:
		pkg.OtherPlatforms = append(pkg.OtherPlatforms, f)
	case f.Syntax.Name.Name == pkg.Name:
		pkg.Files = append(pkg.Files, f)
	case f.otherPlatforms:
	default:
		what, why := "", "the first file a build without tags compiles"
		if f.Tagged {
			what = ", which only a build with a build tag compiles"
		}
		if namer.Tagged {
			why = "the first file: each file there needs a build tag"
		}
		r.problem(f.Path, fmt.Errorf("package %s%s, but %s holds package %s, as %s says (%s): file skipped",
			f.Syntax.Name.Name, what, dir, pkg.Name, path.Base(namer.Path), why))
	}
}

// newPackage adds the package name in dir to r.Packages and returns it.
func (r *Repo) newPackage(dir, name string) *Package {
	pkg := &Package{Dir: dir, Name: name}
	if m := r.ModuleOf(dir); m != nil {
		pkg.Module = m
		pkg.ImportPath = m.Path
		if dir != m.Dir {
			rel := dir
			if m.Dir != "." {
				rel = strings.TrimPrefix(dir, m.Dir+"/")
			}
			pkg.ImportPath += "/" + rel
		}
	}
	r.Packages[dir] = pkg
	return pkg
}

// Load parses the whole of every file of pkgs (OtherPlatforms included) that holds
// only its imports so far, on every CPU. A file that no longer parses becomes a
// Problem and keeps its imports. Load is not safe for concurrent use.
func (r *Repo) Load(ctx context.Context, pkgs ...*Package) error {
	var files []*File
	for _, p := range pkgs {
		files = append(files, p.AllFiles()...)
	}
	return r.LoadFiles(ctx, files...)
}

// LoadFiles parses the whole of each of files, files of the repository's packages, that
// holds only its imports so far, as Load does. A generated file that does not parse
// keeps its imports (Full stays false) and makes no Problem: the build will say.
func (r *Repo) LoadFiles(ctx context.Context, files ...*File) error {
	return r.loadFiles(ctx, slices.DeleteFunc(slices.Clone(files), func(f *File) bool { return f.Full }))
}

// LoadGenerated parses the whole of the generated files of pkgs that declare a
// function (not a method) named in the program's code: in the files of pkgs, which
// Load has parsed, or in a generated file parsed so far. A Wire injector that main
// calls is read that way, while a protobuf package's generated files, which the
// program uses through their types and methods, keep only their imports. Load must
// have been called for pkgs.
func (r *Repo) LoadGenerated(ctx context.Context, pkgs ...*Package) error {
	names := map[string]bool{}
	var todo []*File
	for _, p := range pkgs {
		for _, f := range p.Files {
			addNames(names, f.Syntax)
		}
		for _, f := range p.Generated {
			if f.Full {
				addNames(names, f.Syntax)
			} else {
				todo = append(todo, f)
			}
		}
	}
	for len(todo) > 0 {
		var pick, rest []*File
		for _, f := range todo {
			if declaresFunc(r.files[f.Path], names) {
				pick = append(pick, f)
			} else {
				rest = append(rest, f)
			}
		}
		if len(pick) == 0 {
			break
		}
		if err := r.loadFiles(ctx, pick); err != nil {
			return err
		}
		for _, f := range pick {
			addNames(names, f.Syntax)
		}
		todo = rest
	}
	return nil
}

// addNames adds the identifiers of f to names.
func addNames(names map[string]bool, f *ast.File) {
	ast.Inspect(f, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			names[id.Name] = true
		}
		return true
	})
}

// declaresFunc reports whether src, a Go file, has a line "func Name" (a function,
// not a method) for a name in names.
func declaresFunc(src []byte, names map[string]bool) bool {
	for line := range bytes.Lines(src) {
		rest, ok := bytes.CutPrefix(line, []byte("func "))
		if !ok {
			continue
		}
		end := bytes.IndexFunc(rest, func(c rune) bool { return !unicode.IsLetter(c) && !unicode.IsDigit(c) && c != '_' })
		if end > 0 && names[string(rest[:end])] {
			return true
		}
	}
	return false
}

// loadFiles parses the whole of files on every CPU.
func (r *Repo) loadFiles(ctx context.Context, todo []*File) error {
	errs := make([]error, len(todo))
	parallel(len(todo), func(i int) {
		if ctx.Err() != nil {
			return
		}
		f := todo[i]
		syntax, err := parser.ParseFile(r.Fset, f.Path, r.files[f.Path], parser.SkipObjectResolution)
		if err != nil {
			errs[i] = err
			return
		}
		f.Syntax, f.Full = syntax, true
	})
	if err := ctx.Err(); err != nil {
		return err
	}
	for i, err := range errs {
		if err != nil && !todo[i].Generated { // a generated file that does not parse: the build will say
			r.problem(todo[i].Path, err)
			r.notRead[todo[i].Path] = naming(todo[i].Path, err)
		}
	}
	return nil
}

// parallel calls fn(0..n-1) on GOMAXPROCS goroutines.
func parallel(n int, fn func(i int)) {
	workers := min(runtime.GOMAXPROCS(0), n)
	var next sync.Mutex
	i := 0
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for {
				next.Lock()
				j := i
				i++
				next.Unlock()
				if j >= n {
					return
				}
				fn(j)
			}
		})
	}
	wg.Wait()
}
