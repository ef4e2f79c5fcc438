package generator

import (
	"bytes"
	"crypto/sha256"
	"sync"
)

// formatted holds formatGo's results for the process.
var formatted = &formatMemo{limit: 64 << 20}

// formatMemo remembers what formatGo made of each source it formatted, by the source's
// SHA-256, up to limit bytes of keys and results: a process that renders more than
// once renders mostly the same Go files (presets validate renders a pack once for every
// choice it leaves open, update the version a project was made from and the one it moves
// to, new a pack's project for its build check and then for the tree), and formatting
// them is most of a render's time. The result depends on the source alone (the name
// only appears in errors), so a failure is not remembered: it is made again, naming the
// file. Each caller gets a copy of its own.
type formatMemo struct {
	limit int // bytes the memo may hold; once they are used, nothing more is remembered

	mu   sync.Mutex
	used int
	out  map[[sha256.Size]byte][]byte
}

// format is formatGo through the memo.
func (m *formatMemo) format(name string, src []byte) ([]byte, error) {
	key := sha256.Sum256(src)
	m.mu.Lock()
	out, ok := m.out[key]
	m.mu.Unlock()
	if ok {
		return bytes.Clone(out), nil
	}
	out, err := formatGo(name, src)
	if err != nil {
		return nil, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.out[key]; !ok && m.used+len(out)+len(key) <= m.limit {
		if m.out == nil {
			m.out = make(map[[sha256.Size]byte][]byte)
		}
		m.out[key] = bytes.Clone(out)
		m.used += len(out) + len(key)
	}
	return out, nil
}
