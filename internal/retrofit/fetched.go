package retrofit

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"

	"github.com/gonew-prod/gonew-prod/generator"
	"github.com/gonew-prod/gonew-prod/internal/update"
)

// RenderCommand is the hidden subcommand through which one gonew-prod asks another
// version what that version's add wrote: `gonew-prod render-add-record --dir DIR --record
// FILE [--format 1]`. It is an interface between versions, not a command for users, and
// every later version keeps answering format 1 as below.
//
// It reads the record at FILE (a .gonew-prod.yaml of add, whose generator version must be
// the binary's own module version), reads nothing below DIR but the files at the record's
// block paths (a missing one is a file the user deleted), writes nothing, and prints on
// stdout one JSON object (see EncodeRender): what RenderRecorded renders for the record.
// It fails (non-zero exit, the reason on stderr) for anything it cannot render.
const RenderCommand = "render-add-record"

// RenderFormat is the version of the JSON RenderCommand prints.
const RenderFormat = 1

// renderJSON is the JSON of format 1:
//
//	{"format": 1,
//	 "record": "...",   // the .gonew-prod.yaml the render writes, as text
//	 "files":  [{"path": "gonew-prod.mk", "mode": 420, "owner": "tool", "content": "BASE64"}],
//	 "blocks": [{"path": "Makefile", "id": "makefile", "content": "BASE64", "found": false}]}
//
// Content is base64 (null for a found block the file no longer holds); a found block is
// read from the file as it stands, not rendered (update.Block).
type renderJSON struct {
	Format int         `json:"format"`
	Record string      `json:"record"`
	Files  []fileJSON  `json:"files"`
	Blocks []blockJSON `json:"blocks"`
}

type fileJSON struct {
	Path    string          `json:"path"`
	Mode    fs.FileMode     `json:"mode"`
	Owner   generator.Owner `json:"owner"`
	Content []byte          `json:"content"`
}

type blockJSON struct {
	Path    string `json:"path"`
	ID      string `json:"id"`
	Content []byte `json:"content"`
	Found   bool   `json:"found"`
}

// EncodeRender returns r as the JSON RenderCommand prints (format RenderFormat).
func EncodeRender(r update.Render) ([]byte, error) {
	rec, err := r.Record.Encode()
	if err != nil {
		return nil, err
	}
	out := renderJSON{Format: RenderFormat, Record: string(rec.Content), Files: []fileJSON{}, Blocks: []blockJSON{}}
	for _, f := range r.Files {
		out.Files = append(out.Files, fileJSON{Path: f.Path, Mode: f.Mode, Owner: f.Owner, Content: f.Content})
	}
	for _, b := range r.Blocks {
		out.Blocks = append(out.Blocks, blockJSON{Path: b.Path, ID: b.ID, Content: b.Content, Found: b.Found})
	}
	return json.Marshal(out)
}

// DecodeRender reads the JSON EncodeRender writes. It checks its form only: see
// checkRender for its contents.
func DecodeRender(data []byte) (update.Render, error) {
	var in renderJSON
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil {
		return update.Render{}, fmt.Errorf("read the output of %s: %w", RenderCommand, err)
	}
	if in.Format != RenderFormat {
		return update.Render{}, fmt.Errorf("read the output of %s: format %d, want %d", RenderCommand, in.Format, RenderFormat)
	}
	rec, err := generator.ParseRecord("the record "+RenderCommand+" printed", []byte(in.Record))
	if err != nil {
		return update.Render{}, err
	}
	r := update.Render{Record: *rec}
	for _, f := range in.Files {
		if f.Mode&^fs.ModePerm != 0 {
			return update.Render{}, fmt.Errorf("read the output of %s: %s: mode %v is not permission bits", RenderCommand, f.Path, f.Mode)
		}
		r.Files = append(r.Files, generator.File{Path: f.Path, Mode: f.Mode, Owner: f.Owner, Content: f.Content})
	}
	for _, b := range in.Blocks {
		r.Blocks = append(r.Blocks, update.Block{Path: b.Path, ID: b.ID, Content: b.Content, Found: b.Found})
	}
	return r, nil
}

// TreeReader returns the function RenderRecorded reads the repository at dir with: the
// regular file at a slash-separated path, nil when nothing is there, an error when
// something else is (a directory, a symbolic link) at it or on the way.
func TreeReader(dir string) func(string) ([]byte, error) {
	tree := os.DirFS(dir)
	return func(rel string) ([]byte, error) {
		data, _, blocker, err := generator.Look(tree, rel)
		switch {
		case err != nil:
			return nil, err
		case blocker != "":
			return nil, errors.New(blocker)
		}
		return data, nil // nil when the file is gone
	}
}

// fetched renders what gonew-prod add of req.Version wrote, with that version's own
// code: it is fetched and built (update.Generated.Fetch) and its RenderCommand run in a
// temporary directory holding the record and copies of the files at the record's block
// paths, read with read: the fetched binary neither reads nor writes the repository.
// What it prints is checked (checkRender) before it is used. A version without
// RenderCommand (older than it) is unavailable.
func (r Renderer) fetched(ctx context.Context, req update.Request, read func(string) ([]byte, error)) (update.Render, error) {
	bin, err := r.Generated.Fetch(ctx, req.Version)
	if err != nil {
		return update.Render{}, err
	}
	defer bin.Close()
	rec := *req.Record
	rec.Generator.Version = req.Version // the version asked for, which the command checks is its own
	rec.Conflicts, rec.NotApplied = nil, nil
	f, err := rec.Encode()
	if err != nil {
		return update.Render{}, err
	}
	recordPath := filepath.Join(bin.Dir, "record.yaml")
	if err := os.WriteFile(recordPath, f.Content, 0o600); err != nil {
		return update.Render{}, fmt.Errorf("render what gonew-prod add %s wrote: %w", req.Version, err)
	}
	repo := filepath.Join(bin.Dir, "repo")
	if err := stageBlockFiles(repo, req.Record.Blocks, read); err != nil {
		return update.Render{}, fmt.Errorf("render what gonew-prod add %s wrote: %w", req.Version, err)
	}
	cmd := exec.CommandContext(ctx, bin.Bin, RenderCommand, "--format", fmt.Sprint(RenderFormat), "--dir", repo, "--record", recordPath)
	cmd.Dir, cmd.Env = bin.Dir, bin.Env
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		msg := strings.TrimSpace(stderr.String())
		if unknownCommand(msg) {
			return update.Render{}, fmt.Errorf("%w: gonew-prod %s cannot render what its add wrote for another version (it has no %s; later versions have)", update.ErrUnavailable, req.Version, RenderCommand)
		}
		return update.Render{}, fmt.Errorf("gonew-prod %s %s: %w: %s", req.Version, RenderCommand, err, strings.Join(strings.Fields(msg), " "))
	}
	out, err := DecodeRender(stdout.Bytes())
	if err != nil {
		return update.Render{}, fmt.Errorf("gonew-prod %s: %w", req.Version, err)
	}
	if err := checkRender(out, &rec, read); err != nil {
		return update.Render{}, fmt.Errorf("gonew-prod %s %s: %w: refusing it", req.Version, RenderCommand, err)
	}
	return out, nil
}

// unknownCommand reports whether msg, what a gonew-prod printed when asked to run
// RenderCommand, says it has no such command (cobra's message, which every version
// prints for a command it lacks).
func unknownCommand(msg string) bool {
	return strings.Contains(msg, fmt.Sprintf("unknown command %q", RenderCommand))
}

// stageBlockFiles copies the files at the paths of blocks, read with read, into dir. A
// file that is gone, or that read refuses, is left out: RenderRecorded takes it as gone,
// and checkRender reads it again.
func stageBlockFiles(dir string, blocks []generator.RecordBlock, read func(string) ([]byte, error)) error {
	if err := os.Mkdir(dir, 0o700); err != nil {
		return err
	}
	for _, b := range blocks {
		if !filepath.IsLocal(filepath.FromSlash(b.Path)) {
			return fmt.Errorf("block %s: %q is not a path inside the repository", b.ID, b.Path)
		}
		data, err := read(b.Path)
		if err != nil || data == nil {
			continue
		}
		at := filepath.Join(dir, filepath.FromSlash(b.Path))
		if err := os.MkdirAll(filepath.Dir(at), 0o700); err != nil {
			return err
		}
		if err := os.WriteFile(at, data, 0o600); err != nil {
			return err
		}
	}
	return nil
}

// checkRender checks what a fetched version printed for the record asked (rec), as
// update checks what a fetched `gonew-prod new` wrote: the record it prints is of that
// version, for rec's components, vars and answers; every file it prints is listed in that
// record, with its checksum and owner, and it lists no other; every block it rendered
// has the checksum that record gives it, and every block it read from the repository
// (found) is the one the repository holds, read with read.
func checkRender(r update.Render, rec *generator.Record, read func(string) ([]byte, error)) error {
	got := r.Record
	switch {
	case got.Generator.Version != rec.Generator.Version:
		return fmt.Errorf("it recorded its version as %s", got.Generator.Version)
	case !slices.Equal(got.Components, rec.Components):
		return fmt.Errorf("it recorded the components (%s), not the record's (%s)", strings.Join(got.Components, ", "), strings.Join(rec.Components, ", "))
	case !maps.Equal(got.Vars, rec.Vars):
		return fmt.Errorf("it recorded other vars than the record's")
	case !sameAnswers(got.Answers, rec.Answers):
		return fmt.Errorf("it recorded other answers than the record's")
	}
	printed := map[string]generator.File{}
	for _, f := range r.Files {
		if _, twice := printed[f.Path]; twice {
			return fmt.Errorf("it printed %s twice", f.Path)
		}
		printed[f.Path] = f
	}
	for _, e := range got.Files {
		f, ok := printed[e.Path]
		switch {
		case !ok:
			return fmt.Errorf("it recorded %s but did not print it", e.Path)
		case generator.Sum(f.Content) != e.SHA256:
			return fmt.Errorf("it printed %s with another checksum than it recorded", e.Path)
		case f.Owner != e.Owner:
			return fmt.Errorf("it printed %s with owner %s, recorded %s", e.Path, f.Owner, e.Owner)
		}
		delete(printed, e.Path)
	}
	if len(printed) > 0 {
		return fmt.Errorf("it printed %s but did not record it", slices.Sorted(maps.Keys(printed))[0])
	}
	if len(got.Blocks) != len(r.Blocks) {
		return fmt.Errorf("it printed %d guarded blocks and recorded %d", len(r.Blocks), len(got.Blocks))
	}
	for _, b := range r.Blocks {
		i := slices.IndexFunc(got.Blocks, func(x generator.RecordBlock) bool { return x.Path == b.Path && x.ID == b.ID })
		if i < 0 {
			return fmt.Errorf("it printed guarded block %s in %s but did not record it", b.ID, b.Path)
		}
		if !b.Found {
			if generator.Sum(b.Content) != got.Blocks[i].SHA256 {
				return fmt.Errorf("it printed guarded block %s in %s with another checksum than it recorded", b.ID, b.Path)
			}
			continue
		}
		data, err := read(b.Path)
		if err != nil {
			return fmt.Errorf("%s: guarded block %s: %w", b.Path, b.ID, err)
		}
		var want []byte
		if start, end, found, err := generator.FindBlock(data, b.ID); err != nil {
			return fmt.Errorf("%s: guarded block %s: %w", b.Path, b.ID, err)
		} else if found {
			want = data[start:end]
		}
		if !bytes.Equal(b.Content, want) || (b.Content == nil) != (want == nil) {
			return fmt.Errorf("it printed guarded block %s in %s other than the repository holds", b.ID, b.Path)
		}
	}
	return nil
}

// sameAnswers reports whether a and b are the same answers as a record holds them.
func sameAnswers(a, b generator.Answers) bool {
	return a.Module == b.Module && a.Name == b.Name && a.Framework == b.Framework && a.Go == b.Go &&
		slices.Equal(a.Features, b.Features) && a.CI == b.CI && a.HTTPPort == b.HTTPPort && a.AdminPort == b.AdminPort
}
