package preset

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"maps"
	"slices"
	"testing/fstest"

	"github.com/gonew-prod/gonew-prod/generator"
)

// Digest returns "sha256:" and the hex sha256 of the pack's content: the preset.yaml and
// overlay templates of every pack of its chain but the built-in ones, base first
// (ownSum); a built-in pack is the gonew-prod version's, which the record names, and
// may change with it. A project's record holds the digest
// (generator.RecordPreset.Digest), so that update and add can tell the pack it was made
// from apart from another one found where the record points: a directory pack records
// no version of its files. "" for a built-in pack.
func (p Pack) Digest() string { return p.digest }

// ownSum is the hex sha256 of one pack's own files: its preset.yaml (data) and each
// template of its overlay, by its name there, in name order (names and contents). Each
// file is hashed as git would commit it (generator.AsCommitted): a checkout with CRLF line
// endings (core.autocrlf, eol=crlf) of the pack has the digest of one with LF ones.
func ownSum(data []byte, overlay fstest.MapFS) string {
	h := sha256.New()
	file := func(name string, data []byte) {
		data = generator.AsCommitted(data)
		fmt.Fprintf(h, "%s\x00%d\x00", name, len(data))
		h.Write(data)
	}
	file(PackFile, data)
	for _, name := range slices.Sorted(maps.Keys(overlay)) {
		file("overlay/"+name, overlay[name].Data)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// chainDigest is the digest of a pack whose own files have the sum own (ownSum), laid
// over the pack of digest base ("" for none).
func chainDigest(base, own string) string {
	h := sha256.Sum256([]byte(base + "\x00" + own))
	return "sha256:" + hex.EncodeToString(h[:])
}
