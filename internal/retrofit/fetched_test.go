package retrofit

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/spf13/cobra"

	"github.com/gonew-prod/gonew-prod/generator"
	"github.com/gonew-prod/gonew-prod/internal/update"
)

// mainBlock is a guarded block in a Go file: update reads it from the repository.
var mainBlock = block("//", "\t", "otel", "", []string{"r.Use(otelMiddleware())"})

// recordedRepo writes a repository with a Makefile holding add's block and main.go
// holding a Go block, and returns it with its record (components makefile and docker).
func recordedRepo(t *testing.T) (string, *generator.Record) {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"Makefile": "build:\n\tgo build ./...\n\n" + makefileBlock(),
		"main.go":  "package main\n\nfunc main() {\n" + mainBlock + "}\n",
	}
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	rec := &generator.Record{
		Generator: generator.RecordGenerator{Name: "gonew-prod", Version: "v0.1.0"},
		Answers: generator.Answers{Module: "example.com/acme/shop", Name: "shop", Framework: "nethttp", Go: "1.26",
			CI: "github", HTTPPort: 8080, AdminPort: 6060, Features: []string{"makefile", "docker"}},
		Components: []string{"makefile", "docker"},
		Vars: map[string]string{"mainPackage": ".", "moduleDir": ".", "dockerfile": "Dockerfile", "aliases": "",
			"goImage": "1.26", "cgo": "false", "cgoReason": "", "cgoAlternative": "", "vendored": "false"},
		Blocks: []generator.RecordBlock{
			{Path: "Makefile", ID: "makefile", SHA256: generator.Sum([]byte(makefileBlock()))},
			{Path: "main.go", ID: "otel", SHA256: generator.Sum([]byte(mainBlock))},
		},
	}
	return dir, rec
}

// TestRenderJSONRoundTrip: what RenderCommand prints reads back as the render it
// encodes (files with mode, owner and content, rendered and found blocks, the record),
// and passes checkRender.
func TestRenderJSONRoundTrip(t *testing.T) {
	dir, rec := recordedRepo(t)
	read := TreeReader(dir)
	r, err := RenderRecorded(context.Background(), rec, "v0.1.0", read)
	if err != nil {
		t.Fatal(err)
	}
	// A found block the user removed: null, not empty.
	r.Blocks = append(r.Blocks, update.Block{Path: "gone.go", ID: "pprof", Found: true})
	r.Record.Blocks = append(r.Record.Blocks, generator.RecordBlock{Path: "gone.go", ID: "pprof", SHA256: generator.Sum(nil)})
	if len(r.Files) < 2 || len(r.Blocks) != 3 {
		t.Fatalf("render: %d files, %d blocks; want the files of makefile and docker and three blocks", len(r.Files), len(r.Blocks))
	}
	data, err := EncodeRender(r)
	if err != nil {
		t.Fatal(err)
	}
	var form struct{ Format int }
	if err := json.Unmarshal(data, &form); err != nil || form.Format != RenderFormat {
		t.Fatalf("format %d (%v), want %d:\n%s", form.Format, err, RenderFormat, data)
	}
	got, err := DecodeRender(data)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got.Files, r.Files) {
		t.Errorf("files differ after the round trip")
	}
	if !reflect.DeepEqual(got.Blocks, r.Blocks) {
		t.Errorf("blocks %+v, want %+v", got.Blocks, r.Blocks)
	}
	want, _ := r.Record.Encode()
	if again, _ := got.Record.Encode(); !bytes.Equal(again.Content, want.Content) {
		t.Errorf("record after the round trip:\n%s\nwant\n%s", again.Content, want.Content)
	}
	asked := *rec
	if err := checkRender(got, &asked, read); err != nil {
		t.Errorf("checkRender of an untampered render: %v", err)
	}
}

// TestCheckRenderRefusesTampering: a render whose files or blocks do not match the
// checksums of the record it prints, or whose found blocks are not what the repository
// holds, or whose record is of another version or components, is refused.
func TestCheckRenderRefusesTampering(t *testing.T) {
	dir, rec := recordedRepo(t)
	read := TreeReader(dir)
	tests := []struct {
		name   string
		tamper func(r *update.Render)
		want   string
	}{
		{"a file's content", func(r *update.Render) { r.Files[0].Content = append(r.Files[0].Content, "# more\n"...) }, "with another checksum than it recorded"},
		{"a file's owner", func(r *update.Render) { r.Files[0].Owner = generator.OwnerUser }, "with owner user"},
		{"a file left out", func(r *update.Render) { r.Files = r.Files[1:] }, "did not print it"},
		{"a file added", func(r *update.Render) {
			r.Files = append(r.Files, generator.File{Path: "extra.txt", Mode: 0o644, Owner: generator.OwnerTool, Content: []byte("x\n")})
		}, "printed extra.txt but did not record it"},
		{"a file twice", func(r *update.Render) { r.Files = append(r.Files, r.Files[0]) }, "twice"},
		{"a rendered block", func(r *update.Render) {
			r.Blocks[0].Content = []byte("# >>> gonew-prod:makefile\n# <<< gonew-prod:makefile\n")
		}, "guarded block makefile in Makefile with another checksum"},
		{"a found block", func(r *update.Render) { r.Blocks[1].Content = []byte(strings.Replace(mainBlock, "otel", "otel ", 1)) }, "guarded block otel in main.go other than the repository holds"},
		{"a found block dropped", func(r *update.Render) { r.Blocks[1].Content = nil }, "other than the repository holds"},
		{"a block left out", func(r *update.Render) { r.Blocks = r.Blocks[:1] }, "printed 1 guarded blocks and recorded 2"},
		{"the version", func(r *update.Render) { r.Record.Generator.Version = "v0.2.0" }, "recorded its version as v0.2.0"},
		{"the components", func(r *update.Render) { r.Record.Components = []string{"makefile"} }, "recorded the components (makefile), not the record's (makefile, docker)"},
		{"the vars", func(r *update.Render) { r.Record.Vars["goImage"] = "1.25" }, "other vars"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := RenderRecorded(context.Background(), rec, "v0.1.0", read)
			if err != nil {
				t.Fatal(err)
			}
			if len(r.Blocks) != 2 || r.Blocks[0].Found || !r.Blocks[1].Found {
				t.Fatalf("blocks %+v: want the Makefile's rendered, then main.go's found", r.Blocks)
			}
			// Through the JSON, as the output of a fetched binary.
			data, err := EncodeRender(r)
			if err != nil {
				t.Fatal(err)
			}
			r, err = DecodeRender(data)
			if err != nil {
				t.Fatal(err)
			}
			tt.tamper(&r)
			err = checkRender(r, rec, read)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("checkRender = %v, want an error saying %q", err, tt.want)
			}
		})
	}
}

// TestDecodeRenderRefuses: output of another format, or not JSON of the format, is
// refused.
func TestDecodeRenderRefuses(t *testing.T) {
	tests := []struct{ name, data, want string }{
		{"another format", `{"format": 2, "record": "", "files": [], "blocks": []}`, "format 2, want 1"},
		{"an unknown field", `{"format": 1, "extra": true}`, "unknown field"},
		{"not JSON", "Usage: gonew-prod", "invalid character"},
		{"a mode that is not permission bits", `{"format": 1, "record": "generator:\n  name: gonew-prod\n  version: v0.1.0\nanswers: {}\nfiles: []\n", "files": [{"path": "x", "mode": 2147484141, "owner": "tool", "content": ""}], "blocks": []}`, "not permission bits"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := DecodeRender([]byte(tt.data)); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("DecodeRender = %v, want an error saying %q", err, tt.want)
			}
		})
	}
}

// TestStageBlockFiles: the directory a fetched version reads holds copies of the files
// at the record's block paths and nothing else; a file that is gone stays out.
func TestStageBlockFiles(t *testing.T) {
	dir, rec := recordedRepo(t)
	if err := os.WriteFile(filepath.Join(dir, "other.go"), []byte("package main\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	blocks := append(rec.Blocks, generator.RecordBlock{Path: "internal/gone.go", ID: "pprof"})
	stage := filepath.Join(t.TempDir(), "repo")
	if err := stageBlockFiles(stage, blocks, TreeReader(dir)); err != nil {
		t.Fatal(err)
	}
	var got []string
	err := filepath.WalkDir(stage, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(stage, p)
			got = append(got, filepath.ToSlash(rel))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(got, " ") != "Makefile main.go" {
		t.Errorf("staged %v, want Makefile main.go", got)
	}
	if err := stageBlockFiles(filepath.Join(t.TempDir(), "repo"), []generator.RecordBlock{{Path: "../x", ID: "a"}}, TreeReader(dir)); err == nil {
		t.Error("a block path outside the repository was staged")
	}
}

// TestUnknownCommand: what cobra says to a command line without RenderCommand (as every
// release before it has) is told apart from a failure of the command itself.
func TestUnknownCommand(t *testing.T) {
	root := &cobra.Command{Use: "gonew-prod", SilenceUsage: true, SilenceErrors: true}
	root.SetOut(io.Discard)
	for _, name := range []string{"new", "add", "update"} {
		root.AddCommand(&cobra.Command{Use: name, Run: func(*cobra.Command, []string) {}})
	}
	root.SetArgs([]string{RenderCommand, "--format", "1", "--dir", "repo", "--record", "record.yaml"})
	err := root.Execute()
	if err == nil || !unknownCommand("gonew-prod: "+err.Error()) {
		t.Errorf("cobra's error %v is not taken for an unknown command", err)
	}
	if unknownCommand("gonew-prod: record.yaml is of gonew-prod v0.1.0, not of this gonew-prod v0.2.0") {
		t.Error("a refusal of the command is taken for an unknown command")
	}
}
