package retrofit

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/gonew-prod/gonew-prod/generator"
	"github.com/gonew-prod/gonew-prod/internal/answers"
	"github.com/gonew-prod/gonew-prod/internal/gitview"
	"github.com/gonew-prod/gonew-prod/internal/repo"
	"github.com/gonew-prod/gonew-prod/internal/update"
	"github.com/gonew-prod/gonew-prod/internal/workspace"
)

// Target is the repository `add` works on, as discovered.
type Target struct {
	Dir    string // the repository's root, absolute
	Repo   *repo.Repo
	Main   *repo.Main
	Module *repo.Module
	// Record is the repository's .gonew-prod.yaml, or nil.
	Record *generator.Record
	// Git reports that Dir is inside a git work tree.
	Git bool
	// Answers are inferred from the repository: module path, name, framework, Go version,
	// CI provider; ports are the defaults.
	Answers generator.Answers
	// served is what the serving calls of package main say of ports (see infer).
	served servedPorts
	// innerWork returns workAbove's refusal of a go.work inside the repository, below
	// Dir, that uses the module, its advice the add command line given (nil when there
	// is none), and innerWorkFile is that go.work relative to Dir: Prepare refuses with
	// it a plan that adds Go code (innerWorkspace). command is add's command line as
	// given (DiscoverOptions.Command).
	innerWork     func(command []string) error
	innerWorkFile string
	command       []string
	// MovedFrom is the directory of the main package an earlier add recorded, when it is
	// gone and Record has been moved to Main (see followMove), else "".
	MovedFrom string
	// LiftedFrom is the repository path of the record an earlier add, run in the
	// module's directory below, wrote there, when Record is that record taken over for
	// add run here (see liftRecord), else "".
	LiftedFrom string
	// MadeByNew is the repository path of the record gonew-prod new wrote in the
	// directory of the module, below Dir, when new made the project there (see
	// madeByNew), else "".
	MadeByNew string
}

// followMove moves the record of an earlier add to the main package chosen, when the one
// it records is gone from the module (renamed, as by git mv cmd/hand cmd/api, or its
// files moved out of a directory that keeps others, the module's root among them; see
// mainGone): the record's main package, and the paths of the package's files and guarded
// blocks (the Go files in its directory, not below it, where a module's root holds the
// module's other packages), follow it. What add then renders for the new path
// (gonew-prod.mk, the Dockerfile) replaces what it wrote for the old one, as for any file
// nobody edited.
func (t *Target) followMove(root string) error {
	rec := t.Record
	if rec == nil || len(rec.Components) == 0 || rec.Vars["moduleDir"] != t.Module.Dir {
		return nil
	}
	was, now := path.Join(rec.Vars["moduleDir"], rec.Vars["mainPackage"]), t.Main.Dir()
	if was == now {
		return nil
	}
	if gone, err := mainGone(root, was); err != nil || !gone {
		return nil // still there (or unreadable): chooseMain chose it, or add refuses a second main package
	}
	ofMain := func(p string) bool { return path.Dir(p) == was && path.Ext(p) == ".go" }
	for _, f := range rec.Files {
		if !ofMain(f.Path) {
			continue
		}
		if _, err := os.Lstat(filepath.Join(root, filepath.FromSlash(f.Path))); !errors.Is(err, fs.ErrNotExist) {
			return refuse("the main package an earlier add retrofitted moved from %s to %s, but %s, which add wrote for it, is still in %s: move it with the package's files (git mv %s %s), then run add again",
				was, now, f.Path, was, generator.ShellQuote(f.Path), generator.ShellQuote(now+"/"))
		}
	}
	pkg, err := mainPackageOf(t.Module.Dir, now)
	if err != nil {
		return err
	}
	moved := *rec
	moved.Vars = maps.Clone(rec.Vars)
	moved.Vars["mainPackage"] = pkg
	follow := func(p string) string {
		if ofMain(p) {
			return path.Join(now, path.Base(p))
		}
		return p
	}
	moved.Files = slices.Clone(rec.Files)
	for i := range moved.Files {
		moved.Files[i].Path = follow(moved.Files[i].Path)
	}
	moved.Blocks = slices.Clone(rec.Blocks)
	for i := range moved.Blocks {
		moved.Blocks[i].Path = follow(moved.Blocks[i].Path)
	}
	t.Record, t.MovedFrom = &moved, was
	return nil
}

// LiftRecord takes over, when components holds ci, the record of an earlier add that
// ran below the repository's root (see liftRecord). Prepare calls it; add calls it
// first, before it asks for what the record settles (the service name).
func (t *Target) LiftRecord(components []string) {
	if wanted, _, err := resolveComponents(components); err == nil && slices.Contains(wanted, "ci") {
		t.liftRecord()
	}
}

// liftRecord takes over, for add of ci run in a directory above the module (the root of
// the git repository, where CI must be written), the record an earlier add run in the
// module's directory wrote there for the same main package: its paths, relative to the
// module's directory, become relative to this one, and the plan moves the record here.
// Without it, add here would refuse (the files are the earlier add's) and send the user
// back to the module's directory, where ci is refused. (Other components are added from
// where the record is: render refuses naming it.)
func (t *Target) liftRecord() {
	if t.Record != nil || t.Module == nil || t.Module.Dir == "." {
		return
	}
	dir := t.Module.Dir
	data, err := update.ReadRecord(os.DirFS(filepath.Join(t.Dir, filepath.FromSlash(dir))))
	if err != nil || data == nil {
		return // none there, or unreadable: render refuses naming it (recordElsewhere)
	}
	rec, err := generator.ParseRecord(path.Join(dir, generator.RecordFile), data)
	if err != nil || len(rec.Components) == 0 || rec.Vars["moduleDir"] != "." || path.Join(dir, rec.Vars["mainPackage"]) != t.Main.Dir() {
		return // not an add's record of this main package: render refuses naming it
	}
	lifted := *rec
	lifted.Vars = maps.Clone(rec.Vars)
	lifted.Vars["moduleDir"] = dir
	lifted.Files = slices.Clone(rec.Files)
	for i := range lifted.Files {
		lifted.Files[i].Path = path.Join(dir, lifted.Files[i].Path)
	}
	lifted.Blocks = slices.Clone(rec.Blocks)
	for i := range lifted.Blocks {
		lifted.Blocks[i].Path = path.Join(dir, lifted.Blocks[i].Path)
	}
	lifted.Conflicts = slices.Clone(rec.Conflicts)
	for i := range lifted.Conflicts {
		lifted.Conflicts[i] = path.Join(dir, lifted.Conflicts[i])
	}
	lifted.NotApplied = slices.Clone(rec.NotApplied)
	for i := range lifted.NotApplied {
		lifted.NotApplied[i] = path.Join(dir, lifted.NotApplied[i])
	}
	t.Record, t.LiftedFrom = &lifted, path.Join(dir, generator.RecordFile)
	t.keepRecorded()
}

// madeByNew returns the repository path of the record of gonew-prod new in the
// directory moduleDir (slash-separated, below root), else "": the project there was
// made by new, its components are its features, and its record governs them, as audit
// reads it. A record that cannot be read or parsed is none.
func madeByNew(root, moduleDir string) string {
	if moduleDir == "." || moduleDir == "" {
		return ""
	}
	data, err := update.ReadRecord(os.DirFS(filepath.Join(root, filepath.FromSlash(moduleDir))))
	if err != nil || data == nil {
		return ""
	}
	at := path.Join(moduleDir, generator.RecordFile)
	if rec, err := generator.ParseRecord(at, data); err != nil || len(rec.Components) > 0 {
		return ""
	}
	return at
}

// mainGone reports whether the directory dir (slash-separated, relative to root) no
// longer holds the main package of a program: it is gone, or none of its Go files
// (tests aside) is a package main that declares func main. A Go file that cannot be
// read or parsed counts as one that does.
func mainGone(root, dir string) (bool, error) {
	entries, err := os.ReadDir(filepath.Join(root, filepath.FromSlash(dir)))
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return true, nil
	case err != nil:
		return false, err
	}
	fset := token.NewFileSet()
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(root, filepath.FromSlash(dir), name), nil, parser.SkipObjectResolution)
		if err != nil {
			return false, nil
		}
		if f.Name.Name != "main" {
			continue
		}
		for _, d := range f.Decls {
			if fn, ok := d.(*ast.FuncDecl); ok && fn.Recv == nil && fn.Name.Name == "main" {
				return false, nil
			}
		}
	}
	return true, nil
}

// DiscoverOptions say what to discover.
type DiscoverOptions struct {
	Dir        string   // the repository's root, absolute
	Main       string   // the main package to work on (--main), or ""
	Env        []string // environment of git
	AllowDirty bool     // accept modified tracked files
	Version    string   // the running gonew-prod's module version, to tell a record a newer one wrote
	Command    []string // add's command line as given (after "gonew-prod", without --dir), for a refusal that gives it again from another directory
}

// irregularGoMod describes the first go.mod from the directory dir (slash-separated,
// relative to root) up to the module's own directory (or to root) that exists but is no
// regular file, which discovery passes over; "" when there is none.
func irregularGoMod(root, dir string, m *repo.Module) string {
	for {
		if m != nil && dir == m.Dir {
			return ""
		}
		rel := path.Join(dir, "go.mod")
		if info, err := os.Lstat(filepath.Join(root, filepath.FromSlash(rel))); err == nil && info.Mode()&fs.ModeSymlink != 0 {
			return rel + " is a symbolic link"
		} else if err == nil && !info.Mode().IsRegular() {
			return rel + " is not a regular file"
		}
		if dir == "." || dir == "" {
			return ""
		}
		dir = path.Dir(dir)
	}
}

// ErrDirty reports modified tracked files: `add` changes files, and wants the user's own
// changes committed or stashed first, so that `git diff` shows its changes alone.
var ErrDirty = errors.New("the work tree has modified tracked files")

// Discover finds the repository at opts.Dir, checks its git state, and chooses the main
// package to work on. Errors name what was found and the flag that resolves them.
func Discover(ctx context.Context, opts DiscoverOptions) (*Target, error) {
	info, err := os.Stat(opts.Dir)
	if err != nil {
		return nil, refuse("--dir %s: %v", opts.Dir, errors.Unwrap(err))
	}
	if !info.IsDir() {
		return nil, refuse("add %s: not a directory", opts.Dir)
	}
	if err := generator.LeftStage(opts.Dir); err != nil {
		return nil, refuse("%v", err)
	}
	// A run stopped while writing the module below (add --dir svc, killed) left it
	// half-written, and its files look edited: that is said before anything else, here
	// for the --main given, once the main package is chosen for the one chosen. The
	// error, a *generator.StageBelow, is for add to roll that run back or refuse.
	if rel, err := mainDir(opts.Dir, opts.Main); opts.Main != "" && err == nil {
		if err := generator.LeftStageBelow(opts.Dir, rel); err != nil {
			return nil, err
		}
	}
	t := &Target{Dir: opts.Dir}
	var dirty []string
	t.Git, dirty, err = gitState(ctx, opts.Dir, opts.Env, opts.AllowDirty)
	if err != nil {
		return nil, err
	}
	t.Repo, err = repo.OpenDir(ctx, opts.Dir, ".", opts.Dir)
	if err != nil {
		return nil, err
	}
	// How git puts back a record add cannot take, when a commit has it; for one a newer
	// gonew-prod wrote, that version to run instead, as update says (update.NewerRecord).
	restore := func() string { return cmp.Or(update.RestoreRecord(ctx, opts.Env, opts.Dir), update.RecordNotCommitted) }
	newerOr := func(data []byte) string { return cmp.Or(update.NewerRecord(data, opts.Version), restore()) }
	data, err := update.ReadRecord(os.DirFS(opts.Dir))
	if errors.Is(err, generator.ErrTooLarge) {
		return nil, refuse("%v; %s", err, restore())
	} else if err != nil {
		return nil, refuse("%v", err)
	}
	if data != nil {
		if len(bytes.TrimSpace(data)) == 0 {
			return nil, refuse("%s is empty; %s, or remove it when no gonew-prod add or new wrote this repository", generator.RecordFile, restore())
		}
		if t.Record, err = generator.ParseRecord(generator.RecordFile, data); errors.Is(err, generator.ErrConflictMarker) {
			return nil, refuse("%v", err)
		} else if err != nil {
			return nil, refuse("%v; %s", err, newerOr(data))
		}
		for _, c := range t.Record.Components {
			if !slices.Contains(ComponentNames(), c) {
				return nil, refuse("%s: components: unknown component %q (gonew-prod add writes %s); %s", generator.RecordFile, c, strings.Join(ComponentNames(), ", "), newerOr(data))
			}
		}
	}
	sel := opts.Main
	if rec := t.Record; sel == "" && rec != nil && len(rec.Components) > 0 {
		// The main package an earlier add retrofitted, when it is still there.
		if m, _ := t.Repo.Main(path.Join(rec.Vars["moduleDir"], rec.Vars["mainPackage"])); m != nil && !m.MainUnread { // chooseMain refuses that one in its own words
			sel = m.Dir()
		}
	}
	if t.Main, err = chooseMain(t.Repo, opts.Dir, sel); err != nil {
		return nil, err
	}
	if err := generator.LeftStageBelow(opts.Dir, t.Main.Dir()); err != nil {
		return nil, err
	}
	// After the stage check above: the files a run stopped while writing the module
	// below left look edited. Stages in other modules are not this run's to report.
	if len(dirty) > 0 {
		// git status names them from the top of the work tree, which may be above
		// opts.Dir (a module of a monorepo).
		top := opts.Dir
		for range strings.Count(gitview.Prefix(ctx, opts.Env, opts.Dir), "/") {
			top = filepath.Dir(top)
		}
		where, stopped := stageOfDirty(top, dirty)
		if len(dirty) > 5 {
			dirty = append(dirty[:5], "...")
		}
		if stopped != nil {
			// Not edits of the user's to commit: what that run had written so far.
			return nil, refuse("%v (%s), and they may be what a gonew-prod run stopped while writing there had written so far, not edits to commit: %v (an add or update for the module in %s, not for this one)", ErrDirty, strings.Join(dirty, ", "), stopped, where)
		}
		return nil, refuse("%v (%s): commit or stash them, or pass --allow-dirty", ErrDirty, strings.Join(dirty, ", "))
	}
	t.Module = t.Repo.ModuleOf(t.Main.Dir())
	if err := t.followMove(opts.Dir); err != nil {
		return nil, err
	}
	if odd := irregularGoMod(opts.Dir, t.Main.Dir(), t.Module); odd != "" {
		return nil, refuse("%s: add reads and edits only regular files of the repository; make it one", odd)
	}
	if err := noModule(t.Repo, opts.Dir, t.Main.Dir(), t.Module); err != nil {
		return nil, err
	}
	t.MadeByNew = madeByNew(opts.Dir, t.Module.Dir)
	sum := path.Join(t.Module.Dir, "go.sum")
	if info, err := os.Lstat(filepath.Join(opts.Dir, filepath.FromSlash(sum))); err == nil && !info.Mode().IsRegular() && info.Mode()&fs.ModeSymlink == 0 { // links: see the checks of links
		return nil, refuse("%s is not a regular file: add reads and edits only regular files of the repository; make it one (go mod tidy writes it)", sum)
	}
	// The go.work the go command uses for the module: one that cannot be read (a named
	// pipe, wherever it is found), or the repository's own that does not parse, stops
	// every go command there (add's checks, the user's builds, CI's), and the repository's
	// view of it (Repo.Work) leaves it out.
	if err := workspace.Unparsable(filepath.Join(opts.Dir, "go.work"), filepath.Join(opts.Dir, filepath.FromSlash(t.Module.Dir)), opts.Env); err != nil {
		return nil, refuse("nothing written: %v: every go command run for the module stops on it, add's checks too; fix it and run add again, or set GOWORK=off when the module builds without it", err)
	}
	// A project gonew-prod new made (its record lists no components) is rendered again
	// and merged as update merges, whose gate builds the module in the workspace above
	// it (a monorepo's go.work) as the user does: that workspace needs no refusal.
	if newProject := t.Record != nil && len(t.Record.Components) == 0; !newProject {
		moduleDir, mainDir := filepath.Join(opts.Dir, filepath.FromSlash(t.Module.Dir)), t.Main.Dir()
		file, err := workAbove(opts.Dir, moduleDir, mainDir, opts.Env, opts.Command)
		if rel, relErr := filepath.Rel(opts.Dir, file); err != nil && file != "" && relErr == nil && filepath.IsLocal(rel) {
			// The repository's files say what the components without Go code need of it.
			t.innerWork = func(command []string) error {
				_, err := workAbove(opts.Dir, moduleDir, mainDir, opts.Env, command)
				return err
			}
			t.innerWorkFile, t.command = filepath.ToSlash(rel), opts.Command
		} else if err != nil {
			return nil, err
		}
	}
	if err := loadProgram(ctx, t.Repo, t.Main); err != nil {
		return nil, err
	}
	t.Answers, t.served = t.infer()
	t.keepRecorded()
	return t, nil
}

// keepRecorded keeps in the answers what an earlier add settled: the name it was given,
// the CI it wrote for, and the ports where the code does not decide them. The port the
// serving call names wins over the recorded http_port: the program listens there, so the
// files that name the port follow it (notePortMoved says so when the two differ); the
// recorded one stays when the call names none (gin's Run(), an address add cannot read,
// several calls). The recorded admin_port stays unless the program now listens there
// (then the next port above it that none of its serving calls names).
func (t *Target) keepRecorded() {
	if rec := t.Record; rec != nil && len(rec.Components) > 0 {
		r := rec.Answers
		t.Answers.Name = cmp.Or(r.Name, t.Answers.Name)
		if slices.Contains(rec.Components, "ci") {
			t.Answers.CI = cmp.Or(r.CI, t.Answers.CI)
		}
		if t.served.named == 0 {
			t.Answers.HTTPPort = cmp.Or(r.HTTPPort, t.Answers.HTTPPort)
		}
		admin := cmp.Or(r.AdminPort, t.Answers.AdminPort)
		for admin == t.Answers.HTTPPort || t.served.used[admin] {
			admin++
		}
		t.Answers.AdminPort = admin
	}
}

// gitState reports whether dir is in a git work tree, refusing a git operation in
// progress there (a merge, a rebase), and returns its modified tracked files unless
// allowDirty, which Discover refuses once it has looked for what a stopped run left in
// the module it works on. A
// work tree git cannot read (a repository of another owner that git refuses, a broken
// index), or one without git to read it, is refused: the checks of what git tracks
// would be skipped.
func gitState(ctx context.Context, dir string, env []string, allowDirty bool) (git bool, dirty []string, err error) {
	environ := env
	if environ == nil {
		environ = os.Environ()
	}
	if err := gitview.Readable(ctx, environ, dir, "add"); err != nil {
		if ctx.Err() != nil {
			return false, nil, ctx.Err()
		}
		return false, nil, refuse("%s", err)
	}
	if _, err := exec.LookPath("git"); err != nil {
		return false, nil, nil // and in no work tree (Readable)
	}
	cmd := exec.CommandContext(ctx, "git", "status", "--porcelain=v1", "--untracked-files=no")
	cmd.Dir, cmd.Env = dir, env
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		if ctx.Err() != nil {
			return false, nil, ctx.Err()
		}
		if _, ok := gitview.DotGit(dir); !ok {
			return false, nil, nil // not a work tree (git's own words may be translated)
		}
		return false, nil, refuse("%s", gitview.CannotRead(dir, stderr.String(), err, "add"))
	}
	if op, err := gitview.InProgress(ctx, env, dir); err != nil {
		return false, nil, err
	} else if op != nil {
		return true, nil, refuse("%s", op.Refusal("add"))
	}
	if len(bytes.TrimSpace(out)) > 0 && !allowDirty {
		for _, l := range strings.Split(strings.TrimRight(string(out), "\n"), "\n") {
			if len(l) > 3 {
				dirty = append(dirty, l[3:]) // "XY path"
			}
		}
	}
	return true, dirty, nil
}

// stageOfDirty is what LeftStage reports for the nearest directory above one of the
// modified tracked files dirty (named from the top of the work tree at root, as git status
// names them) that holds a stage, and that directory: a run stopped while writing in a
// module other than the one this run works on, whose half-written files look like the
// user's edits.
func stageOfDirty(root string, dirty []string) (string, error) {
	seen := map[string]bool{}
	for _, p := range dirty {
		if _, to, ok := strings.Cut(p, " -> "); ok { // a rename: "old -> new"
			p = to
		}
		// Upward, and no further than a directory already looked at (its parents were too).
		for d := path.Dir(p); d != "." && d != "/" && !seen[d]; d = path.Dir(d) {
			seen[d] = true
			if err := generator.LeftStage(filepath.Join(root, filepath.FromSlash(d))); err != nil {
				return d, err
			}
		}
	}
	return "", nil
}

// gitIgnored refuses a plan that creates files git ignores (a .gitignore pattern such as
// *.mk or .*): the commit would leave them out, and a clone would lack what the rest
// needs (the Makefile's include, the record). vendor/ is the user's choice either way.
// The record is written with every component, so leaving one out cannot avoid it: its
// refusal names the !exception that keeps it, in the .gitignore beside it, whose
// patterns come before those of the directories above and of git's excludes files.
func (p *planner) gitIgnored() error {
	if !p.t.Git {
		return nil
	}
	created := slices.DeleteFunc(p.created(), func(rel string) bool { return strings.HasPrefix(rel, p.repoPath("vendor/")) })
	ignored, err := p.ignoredByGit(created)
	if err != nil || len(ignored) == 0 {
		return err
	}
	var paths, what []string
	var record []gitview.Ignored
	for _, ig := range ignored {
		if ig.Path == generator.RecordFile {
			record = append(record, ig)
			continue
		}
		paths, what = append(paths, ig.Path), append(what, gitview.ListIgnored([]gitview.Ignored{ig}))
	}
	if len(record) > 0 {
		msg := fmt.Sprintf("git ignores the record add writes with every component, %s: a commit would leave it out, and a clone would have no record for gonew-prod update and later adds; add the line !/%s at the end of the .gitignore beside it (made if there is none) and run add again", gitview.ListIgnored(record), generator.RecordFile)
		if len(what) > 0 {
			_, named := p.writersOf(paths)
			msg += fmt.Sprintf("; git ignores these files add would create too: %s; change the pattern (or add a !exception), or leave out %s", listUpTo(what, maxListed), leaveOut(named))
		}
		return refuse("%s", msg)
	}
	return p.refuseWritten(paths, what, "git ignores files add would create: %s; a commit would leave them out and a clone would miss them; change the pattern (or add a !exception) and run add again, or leave out %s")
}

// created returns the paths the plan creates.
func (p *planner) created() []string {
	var out []string
	for _, c := range p.plan.Changes {
		if c.Old == nil && !c.Delete {
			out = append(out, c.Path)
		}
	}
	return out
}

// nestedRepo refuses a plan that writes into a git repository of its own inside the
// work tree (a submodule, a nested clone): git in the work tree does not answer for
// what it tracks, sparse or modified.
func (p *planner) nestedRepo() error {
	if !p.t.Git {
		return nil
	}
	if n := gitview.FindNested(p.t.Dir, p.plan.Changes); n != nil {
		return refuse("%s", n.Refusal("add", p.t.Dir, "run gonew-prod add --dir "+generator.ShellQuote(filepath.Join(p.t.Dir, filepath.FromSlash(n.Repo)))))
	}
	return nil
}

// trackedAbsent refuses a plan that creates a file git tracks but the work tree lacks
// (a sparse checkout, or git update-index --skip-worktree; or a deletion of the user's
// not yet committed): the file is the user's, committed, and add's own would replace it
// at the next commit.
func (p *planner) trackedAbsent() error {
	if !p.t.Git {
		return nil
	}
	tracked, err := gitview.Tracked(p.ctx, p.opts.Env, p.t.Dir, p.created())
	if err != nil || len(tracked) == 0 {
		return err
	}
	sparse, err := gitview.FindHidden(p.ctx, p.opts.Env, p.t.Dir, tracked)
	if err != nil {
		return err
	}
	if len(sparse.Paths) > 0 {
		return refuse("nothing written: git tracks %s, which the work tree lacks (a sparse checkout, or --skip-worktree): add would write its own over the committed file; check it out (git sparse-checkout add, or git sparse-checkout disable) and run add again", listSome(sparse.Paths))
	}
	return refuse("nothing written: you deleted %s, which git still tracks: add would write its own over the committed file; restore it (git checkout -- FILE) or commit the deletion, then run add again", listSome(tracked))
}

// nestedModule refuses a plan that writes Go files into a directory of another module
// nested in the target module (internal/go.mod): the packages would belong to that
// module, and the go command would look their import paths up as modules, on the
// module proxy, before failing. As ownPackages, it refuses the component that writes the
// first such package directory (see writers), with the others it writes there: a bare
// add leaves it out, and plans the rest again.
func (p *planner) nestedModule() error {
	var dirs []string                   // package directories inside a nested module, in order
	written := map[string][]string{}    // directory: the paths of the Go files written there
	nested := map[string]*repo.Module{} // directory: the module it belongs to
	for _, c := range p.plan.Changes {
		if c.Delete || !strings.HasSuffix(c.Path, ".go") {
			continue
		}
		dir := path.Dir(c.Path)
		for _, m := range p.t.Repo.Modules {
			if m != p.t.Module && m.Dir != p.t.Module.Dir && repo.Within(m.Dir, p.t.Module.Dir) && repo.Within(dir, m.Dir) {
				if written[dir] == nil {
					dirs = append(dirs, dir)
					nested[dir] = m
				}
				written[dir] = append(written[dir], c.Path)
				break
			}
		}
	}
	if len(dirs) == 0 {
		return nil
	}
	var groups [][]string
	for _, dir := range dirs {
		groups = append(groups, written[dir])
	}
	writers := p.writers(groups...)
	writer, m := writers[0], nested[dirs[0]]
	var paths []string
	for i, dir := range dirs {
		if writer == "" && i == 0 || writer != "" && writers[i] == writer && nested[dir] == m {
			paths = append(paths, written[dir]...)
		}
	}
	const format = "%s would write %s into %s, a module of its own (%s) nested in %s: its packages would belong to that module, not to %s, whose build would then fail; give that module a directory of its own (not one add writes into, such as internal/), or leave out %s"
	if writer == "" {
		return refuse("nothing written: "+format, "add", listSome(paths), m.Dir, path.Join(m.Dir, "go.mod"), p.t.Module.Dir, p.t.Module.Path,
			"the components that add Go code "+withoutGo())
	}
	return refuseComponent(writer, format, writer, listSome(paths), m.Dir, path.Join(m.Dir, "go.mod"), p.t.Module.Dir, p.t.Module.Path,
		writer+", and any other component that adds Go code "+withoutGo())
}

// outsideSparse refuses a plan that creates files outside the sparse checkout's
// definition (.github/workflows/ or .gonew-prod.yaml in a checkout of svc/ alone): git
// add does not stage them, and a record never committed would make a later add take its
// own files for the user's. The refusal names the git sparse-checkout add to run.
func (p *planner) outsideSparse() error {
	if !p.t.Git {
		return nil
	}
	out, err := gitview.OutsideSparse(p.ctx, p.opts.Env, p.t.Dir, p.created())
	if err != nil || len(out.Paths) == 0 {
		return err
	}
	return refuse("nothing written: add would create %s outside the sparse checkout's definition, where git add does not stage files; take them in (%s) and run add again", listSome(out.Paths), out.Add)
}

// hiddenEdits refuses a plan that edits files git is told not to look at (git
// update-index --assume-unchanged or --skip-worktree): git status and git diff would
// not show add's edits, nor a commit hold them, and a clone would have half of the
// retrofit. The dirty check cannot see such files' own edits either.
func (p *planner) hiddenEdits() error {
	if !p.t.Git {
		return nil
	}
	var edited []string
	for _, c := range p.plan.Changes {
		if c.Old != nil {
			edited = append(edited, c.Path)
		}
	}
	hidden, err := gitview.FindHidden(p.ctx, p.opts.Env, p.t.Dir, edited)
	if err != nil || len(hidden.Paths) == 0 {
		return err
	}
	return refuse("nothing written: %s %s marked assume-unchanged or skip-worktree: git would neither show nor commit add's edits there; run %s, then add again", listSome(hidden.Paths), isAre(len(hidden.Paths)), strings.Join(hidden.Undo, " and "))
}

// hardLinks refuses a plan that replaces a file with a second hard link, as the write
// would (generator.CheckLinks): known while planning, so that --dry-run says so too.
func (p *planner) hardLinks() error {
	if err := generator.CheckLinks(p.t.Dir, p.plan.Changes); err != nil {
		return refuse("nothing written: %v", err)
	}
	return nil
}

// isAre returns the verb for n things.
func isAre(n int) string {
	if n == 1 {
		return "is"
	}
	return "are"
}

// loadProgram parses the whole of the main package and of the repository packages it
// imports directly, whose functions may build the router or the server it serves.
func loadProgram(ctx context.Context, r *repo.Repo, m *repo.Main) error {
	direct := map[string]bool{}
	for _, f := range m.Package.AllFiles() {
		for _, imp := range f.Imports {
			direct[imp.Path] = true
		}
	}
	pkgs := []*repo.Package{m.Package}
	for _, p := range m.Program {
		if p != m.Package && direct[p.ImportPath] {
			pkgs = append(pkgs, p)
		}
	}
	return r.Load(ctx, pkgs...)
}

// ignoredByGit returns those of paths (from the repository's root) that git ignores,
// each with the pattern that does.
func (p *planner) ignoredByGit(paths []string) ([]gitview.Ignored, error) {
	ignored, err := gitview.FindIgnored(p.ctx, p.opts.Env, p.t.Dir, paths)
	if _, odd := errors.AsType[*gitview.IgnoreFileError](err); odd {
		return nil, refuse("%v and run add again", err)
	}
	return ignored, err
}

// chooseMain returns the main package sel names, or the only one that serves HTTP. A
// directory sel is relative to dir, the repository's root; an absolute one inside it,
// or one that cleans to a directory there (./cmd/../cmd/api), names the same package.
func chooseMain(r *repo.Repo, dir, sel string) (*repo.Main, error) {
	if sel != "" {
		rel, err := mainDir(dir, sel)
		if err != nil {
			return nil, err
		}
		m, n := r.Main(rel)
		if filepath.IsAbs(sel) && (m == nil || m.Dir() != rel) {
			m, n = nil, 0 // a directory names the package there, not one of its last element
		}
		switch {
		case n > 1:
			return nil, refuse("--main %s: names %d main packages: give its directory (main packages: %s)", sel, n, mainList(r.Mains))
		case m == nil:
			return nil, refuse("--main %s: no main package there (main packages: %s)", sel, mainList(r.Mains))
		case m.Generated:
			return nil, refuse("--main %s: %s declares func main but is generated (a \"Code generated ... DO NOT EDIT.\" line), and the next generation would undo add's edits; have the generator call into a package main of your own", sel, m.MainFile)
		case m.MainUnread:
			return nil, refuse("--main %s: %s, and func main may be there: add edits only code it has read; fix the file (resolve any merge conflict markers) and run add again", sel, mainNotRead(m))
		}
		return m, nil
	}
	var servers, editable []*repo.Main
	var unread []string
	for _, m := range r.Mains {
		if m.Generated { // see the refusal below
			continue
		}
		editable = append(editable, m)
		if m.Framework != "" {
			servers = append(servers, m)
		}
		if m.MainUnread { // it may be the service: see the refusal below
			unread = append(unread, "main package "+mainArg(m)+": "+mainNotRead(m))
		}
	}
	switch {
	case len(unread) > 0:
		other := ""
		if len(editable) > len(unread) {
			other = ", or name another main package with --main"
		}
		return nil, refuse("%s, and func main may be there: add edits only code it has read; fix the file (resolve any merge conflict markers) and run add again%s", strings.Join(unread, "; "), other)
	case len(servers) == 1:
		return servers[0], nil
	case len(servers) > 1:
		return nil, refuse("%d main packages serve HTTP (%s): choose one with --main", len(servers), mainList(servers))
	case len(editable) == 0:
		var unread []string // a main.go that does not parse, or is a link, is no main package
		for _, pr := range r.Problems {
			if strings.HasSuffix(pr.File, ".go") {
				unread = append(unread, pr.String())
			}
		}
		if len(unread) > 0 {
			return nil, refuse("no main package found, and these Go files could not be read: %s; fix them and run add again", listSome(unread))
		}
		if gen := r.GeneratedMains(); len(gen) > 0 {
			return nil, refuse("no main package found that add may edit: %s declares func main but is generated (a \"Code generated ... DO NOT EDIT.\" line), and the next generation would undo add's edits; have the generator call into a package main of your own, or name one with --main", listSome(gen))
		}
		return nil, refuse("no main package found (a package main with func main outside testdata and vendor)")
	}
	return nil, refuse("no main package imports an HTTP framework or net/http (main packages: %s); name the service with --main", mainList(editable))
}

// mainDir returns --main's sel as repo.Main matches it: an absolute directory made
// relative to dir (through symbolic links, as the repository may be reached by one), and
// a relative one cleaned; an import path or a last element is returned as it is. A
// directory outside dir is refused with the add to run there instead.
func mainDir(dir, sel string) (string, error) {
	var abs string
	if filepath.IsAbs(sel) {
		abs = filepath.Clean(sel)
	} else {
		clean := path.Clean(filepath.ToSlash(sel))
		if clean != ".." && !strings.HasPrefix(clean, "../") {
			return clean, nil
		}
		abs = filepath.Join(dir, filepath.FromSlash(clean))
	}
	if rel, ok := inside(dir, abs); ok {
		return rel, nil
	}
	realDir, errDir := filepath.EvalSymlinks(dir)
	realAbs, errAbs := filepath.EvalSymlinks(abs)
	if errDir == nil && errAbs == nil {
		if rel, ok := inside(realDir, realAbs); ok {
			return rel, nil
		}
	}
	root := abs // the main package's repository: the nearest directory with .git
	for d := abs; ; d = filepath.Dir(d) {
		if _, err := os.Lstat(filepath.Join(d, ".git")); err == nil {
			root = d
			break
		}
		if filepath.Dir(d) == d {
			break
		}
	}
	run := "gonew-prod add --dir " + generator.ShellQuote(root)
	if rel, _ := inside(root, abs); rel != "." {
		run += " --main " + generator.ShellQuote("./"+rel)
	}
	return "", refuse("--main %s: %s is outside --dir %s, the repository add works on, and --main names a main package inside it (a directory relative to it, its import path or its last element); to add to the one there, run %s", sel, abs, dir, run)
}

// inside returns abs relative to dir, slash-separated, when it is dir or below it.
func inside(dir, abs string) (string, bool) {
	rel, err := filepath.Rel(dir, abs)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", false
	}
	return filepath.ToSlash(rel), true
}

// mainNotRead says which file of m, a main package whose func main may be in a file
// that was not read (see repo.Main.MainUnread), was not read, and why.
func mainNotRead(m *repo.Main) string {
	for _, u := range m.Unread {
		if u.File == m.MainFile {
			return m.MainFile + " was not read (" + strings.TrimPrefix(u.Why, m.MainFile+": ") + ")"
		}
	}
	return m.MainFile + " was not read"
}

// mainArg returns m's directory as --main takes it: "./cmd/api", or ".".
func mainArg(m *repo.Main) string {
	if m.Dir() == "." {
		return "."
	}
	return "./" + m.Dir()
}

func mainList(mains []*repo.Main) string {
	var out []string
	for _, m := range mains {
		s := mainArg(m)
		if m.Framework != "" {
			s += " (" + string(m.Framework) + ")"
		}
		out = append(out, s)
	}
	if len(out) == 0 {
		return "none"
	}
	return strings.Join(out, ", ")
}

// frameworkAnswer is how records and templates name each framework.
var frameworkAnswer = map[repo.Framework]string{
	repo.Gin: "gin", repo.Echo5: "echo", repo.Echo4: "echo4", repo.Chi: "chi",
	repo.Gorilla: "gorilla", repo.NetHTTP: "nethttp",
}

// servedPorts is what the serving calls of package main say of ports.
type servedPorts struct {
	named int          // the port the serving call names, 0 when it names none
	used  map[int]bool // the ports the program listens on: named (or 8080), and those its other serving calls name
}

// infer returns the answers the repository gives, and what its serving calls say of
// ports.
func (t *Target) infer() (generator.Answers, servedPorts) {
	name := path.Base(t.Main.Dir())
	if t.Main.Dir() == t.Module.Dir || name == "." || name == "cmd" || name == "server" || name == "app" {
		name = answers.NameFromModule(t.Module.Path)
	}
	name = serviceName(name)
	// The module's own go line, not go.work's: add raises that line, the image and the CI
	// job build the module without go.work, and messages quote the line as go.mod has it.
	goVersion := t.Module.Go
	ci := "github"
	for _, c := range t.Repo.CI {
		if c.Kind == repo.GitLab {
			ci = "gitlab"
		}
	}
	framework := frameworkAnswer[t.Main.Framework]
	if framework == "" {
		framework = "nethttp"
	}
	// The port the service listens on, where its serving call says so: the image and the
	// manifests must agree with it (gin's Run() without an address listens on 8080).
	port := 8080
	var served servedPorts
	w := findWiring(t.Repo, t.Main, t.Record)
	if w.chosen != nil {
		if p, ok := w.chosen.port(); ok {
			port, served.named = p, p
		}
	}
	// The admin listener (pprof) takes none of the ports the program listens on: its
	// public one, nor one it serves on besides, as net/http/pprof's localhost:6060.
	served.used = map[int]bool{port: true}
	for _, c := range w.others {
		if p, ok := c.port(); ok {
			served.used[p] = true
		}
	}
	adminPort := 6060
	for served.used[adminPort] {
		adminPort++
	}
	return generator.Answers{
		Module: t.Module.Path, Name: name, Framework: framework, Go: goVersion,
		CI: ci, HTTPPort: port, AdminPort: adminPort,
	}, served
}

// serviceName turns s into a valid service name (a DNS label starting with a letter).
func serviceName(s string) string {
	s = strings.ToLower(s)
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
		default:
			b.WriteByte('-')
		}
	}
	out := strings.Trim(b.String(), "-")
	for strings.Contains(out, "--") {
		out = strings.ReplaceAll(out, "--", "-")
	}
	if out == "" || out[0] < 'a' || out[0] > 'z' {
		out = "svc-" + out
	}
	if len(out) > 63 {
		out = strings.TrimRight(out[:63], "-")
	}
	return strings.TrimSuffix(out, "-")
}
