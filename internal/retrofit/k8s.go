package retrofit

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// k8sObject is an object a Kubernetes manifest defines: its kind and name, and where.
type k8sObject struct {
	kind, name string
	at         string // "file:line"
}

// k8sExts are the extensions of the files kubectl apply -f reads in a directory.
var k8sExts = []string{".json", ".yaml", ".yml"}

// k8sObjects returns the objects the documents of the manifest data, read from the file
// called name, define with a kind and a plain name, those in the items of a List (kind
// List, or a kind such as DeploymentList, whose items may leave out their kind) too, as
// kubectl applies them; documents that are no YAML (a Helm template) define none that add
// can tell. A .json file may hold several objects one after the other, as kubectl reads
// it.
func k8sObjects(name string, data []byte) []k8sObject {
	if path.Ext(name) != ".json" {
		return k8sDocuments(name, data, 0)
	}
	var out []k8sObject
	dec := json.NewDecoder(bytes.NewReader(data))
	for {
		var raw json.RawMessage
		start := dec.InputOffset()
		if err := dec.Decode(&raw); err != nil {
			return out // the end, or no JSON: nothing more can be read
		}
		rest := data[start:dec.InputOffset()]
		start += int64(len(rest) - len(bytes.TrimLeft(rest, " \t\r\n")))
		out = append(out, k8sDocuments(name, data[start:dec.InputOffset()], bytes.Count(data[:start], []byte("\n")))...)
	}
}

// k8sDocuments returns the objects the YAML documents of data define (see k8sObjects),
// data being the part of the file called name after its first lines lines.
func k8sDocuments(name string, data []byte, lines int) []k8sObject {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var out []k8sObject
	object := func(n *yaml.Node, kind string) *k8sObject {
		if n.Kind == yaml.AliasNode && n.Alias != nil {
			n = n.Alias
		}
		var obj struct {
			Kind     string
			Metadata struct{ Name string }
		}
		if n.Kind != yaml.MappingNode || n.Decode(&obj) != nil {
			return nil
		}
		if obj.Kind != "" {
			kind = obj.Kind
		}
		if kind == "" || obj.Metadata.Name == "" {
			return nil
		}
		return &k8sObject{kind: kind, name: obj.Metadata.Name, at: fmt.Sprintf("%s:%d", name, lines+n.Line)}
	}
	for {
		var doc yaml.Node
		if err := dec.Decode(&doc); err != nil {
			return out // the end, or a document that is no YAML: nothing more can be read
		}
		if len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
			continue
		}
		root := doc.Content[0]
		if o := object(root, ""); o != nil {
			out = append(out, *o)
		}
		var list struct {
			Kind  string
			Items []yaml.Node
		}
		if root.Decode(&list) != nil || !strings.HasSuffix(list.Kind, "List") {
			continue
		}
		for i := range list.Items {
			if o := object(&list.Items[i], strings.TrimSuffix(list.Kind, "List")); o != nil {
				out = append(out, *o)
			}
		}
	}
}

// k8sClashes refuses to add k8s when the directory add writes its manifests to, or one
// below it, holds a manifest of the user's that defines an object of the kind and name of
// one of add's (the Deployment and the Service of the service's name): kubectl apply -f
// on the directory would apply both, the second over the first.
func (p *planner) k8sClashes() error {
	if !slices.Contains(p.plan.New(), "k8s") {
		return nil
	}
	var ours []k8sObject
	dirs := map[string]bool{}
	var written []string
	for _, f := range p.rendered {
		if path.Ext(f.Path) != ".yaml" || !strings.Contains("/"+f.Path, "/k8s/") {
			continue
		}
		for _, o := range k8sObjects(f.Path, f.Content) {
			o.at = f.Path
			ours = append(ours, o)
		}
		dirs[path.Dir(f.Path)] = true
		written = append(written, f.Path)
	}
	var clashes, with []string
	for _, dir := range slices.Sorted(maps.Keys(dirs)) {
		err := filepath.WalkDir(filepath.Join(p.t.Dir, filepath.FromSlash(dir)), func(full string, d fs.DirEntry, err error) error {
			if err != nil {
				if errors.Is(err, fs.ErrNotExist) {
					return nil
				}
				return err
			}
			if d.IsDir() || !d.Type().IsRegular() || !slices.Contains(k8sExts, filepath.Ext(full)) {
				return nil
			}
			rel, err := filepath.Rel(p.t.Dir, full)
			if err != nil {
				return err
			}
			rel = filepath.ToSlash(rel)
			if slices.Contains(written, rel) {
				return nil // add's own, or a file in its way that the plan refuses already
			}
			data, err := readFile(full)
			if err != nil {
				return err
			}
			for _, theirs := range k8sObjects(rel, data) {
				i := slices.IndexFunc(ours, func(o k8sObject) bool { return o.kind == theirs.kind && o.name == theirs.name })
				if i < 0 {
					continue
				}
				clashes = append(clashes, fmt.Sprintf("%s defines %s %s", theirs.at, theirs.kind, theirs.name))
				if !slices.Contains(with, ours[i].at) {
					with = append(with, ours[i].at)
				}
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("read the manifests in %s: %w", dir, err)
		}
	}
	if len(clashes) == 0 {
		p.noteKustomization(written)
		return nil
	}
	do := "do"
	if len(with) == 1 {
		do = "does"
	}
	return refuseComponent("k8s", "%s, as %s, which add writes, %s: kubectl apply -f on the directory would apply both, the second over the first (a Deployment's selector cannot change, a Service would select other pods); leave out k8s, and yours stay as they are; or, to deploy with gonew-prod's instead, move yours out of %s, then run add again",
		strings.Join(clashes, ", "), strings.Join(with, " and "), do, strings.Join(slices.Sorted(maps.Keys(dirs)), " and "))
}

// kustomizationFiles are the names kustomize reads a directory's Kustomization from.
var kustomizationFiles = []string{"kustomization.yaml", "kustomization.yml", "Kustomization"}

// noteKustomization says so when add writes manifests (written, repository paths) into
// a directory of the user's that holds a Kustomization whose resources: does not list
// them: kubectl apply -k on the directory deploys only what it lists, and the
// Kustomization's namespace, labels and patches reach nothing else.
func (p *planner) noteKustomization(written []string) {
	byDir := map[string][]string{}
	for _, f := range written {
		byDir[path.Dir(f)] = append(byDir[path.Dir(f)], path.Base(f))
	}
	for _, dir := range slices.Sorted(maps.Keys(byDir)) {
		for _, name := range kustomizationFiles {
			file := path.Join(dir, name)
			content, err := readFile(p.abs(file))
			if errors.Is(err, fs.ErrNotExist) {
				continue // none by that name (add writes none)
			}
			if err != nil {
				break // the one kustomize reads, which add cannot (a named pipe, …): not judged
			}
			var k struct {
				Resources []string `yaml:"resources"`
			}
			_ = yaml.Unmarshal(content, &k) // one that is no YAML lists nothing add can tell
			var missing []string
			for _, f := range byDir[dir] {
				if !slices.ContainsFunc(k.Resources, func(r string) bool { return path.Clean(r) == f }) {
					missing = append(missing, f)
				}
			}
			if len(missing) > 0 {
				them := "them"
				if len(missing) == 1 {
					them = "it"
				}
				p.plan.Notes = append(p.plan.Notes, fmt.Sprintf("%s does not list %s under resources:, so kubectl apply -k %s leaves %s out (and its namespace and patches do not reach %s): add %s to its resources:", file, strings.Join(missing, ", "), dir, them, them, them))
			}
			break // kustomize refuses a directory with more than one
		}
	}
}
