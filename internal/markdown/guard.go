package markdown

import "bytes"

// Limits of the Markdown that reaches goldmark. Its parser spends time that grows
// faster than the text on some shapes no writer uses: quotes and lists nested by the
// thousand (a 2,000-level list took 13.5 s, 500 levels indented by two spaces each
// take 1.4 s and 2,000 almost two minutes) and link openers left unclosed ("[a](" ×
// 40,000 took 300 s). guard refuses them at their line before conversion.
const (
	maxNesting  = 32  // quotes and list items opened on one line, or levels of indentation
	maxUnclosed = 200 // "](" with no ")" after them in one paragraph
)

// guard returns the offset and message of the first shape of src that goldmark
// would spend too long on, or -1.
func guard(src []byte) (int, string) {
	fence := []byte(nil) // the fence of the code block the line is in
	unclosed := 0
	for off := 0; off < len(src); {
		end := bytes.IndexByte(src[off:], '\n')
		if end < 0 {
			end = len(src)
		} else {
			end += off
		}
		line := src[off:end]
		next := end + 1
		trimmed := bytes.TrimLeft(line, " \t")
		switch {
		case fence != nil:
			if bytes.HasPrefix(trimmed, fence) && len(bytes.TrimSpace(bytes.TrimLeft(trimmed, string(fence[:1])))) == 0 {
				fence = nil
			}
		case bytes.HasPrefix(trimmed, []byte("```")), bytes.HasPrefix(trimmed, []byte("~~~")):
			fence = trimmed[:3]
		case len(trimmed) == 0:
			unclosed = 0
		default:
			if depth := nesting(line); depth > maxNesting {
				return off, "quotes and lists nest deeper than 32 levels"
			}
			for i := 0; i < len(line); i++ {
				switch {
				case line[i] == ']' && i+1 < len(line) && line[i+1] == '(':
					unclosed++
					if unclosed > maxUnclosed {
						return off + i, "more than 200 links left open (\"](\" without \")\") in one paragraph"
					}
					i++
				case line[i] == ')' && unclosed > 0:
					unclosed--
				}
			}
		}
		off = next
	}
	return -1, ""
}

// nesting returns how many quotes and list items line opens, with each two columns
// of indentation before a quote or list marker counted as a level.
func nesting(line []byte) int {
	depth, cols := 0, 0
	for i := 0; i < len(line); {
		switch c := line[i]; {
		case c == ' ':
			cols++
			i++
		case c == '\t':
			cols += 4
			i++
		case c == '>':
			depth++
			i++
		case (c == '-' || c == '*' || c == '+') && i+1 < len(line) && (line[i+1] == ' ' || line[i+1] == '\t'):
			depth++
			i += 2
		case c >= '0' && c <= '9':
			j := i
			for j < len(line) && j-i < 9 && line[j] >= '0' && line[j] <= '9' {
				j++
			}
			if j+1 < len(line) && (line[j] == '.' || line[j] == ')') && (line[j+1] == ' ' || line[j+1] == '\t') {
				depth++
				i = j + 2
				continue
			}
			return depth + cols/2*min(depth, 1)
		default:
			return depth + cols/2*min(depth, 1)
		}
	}
	return depth + cols/2*min(depth, 1)
}
