package podo

// LayoutSection is one block of seats of a big hall, as its seating plan draws
// it: floor 1's sections A, B and C from the stage's left to its right, then
// floor 2's. Its rows are numbered from the front; its seats are named by floor,
// section, row and number ("1F-B-7-12").
type LayoutSection struct {
	Floor int         `json:"floor"` // 1–9, 1 nearest the stage
	Name  string      `json:"name"`  // one to three capital letters or digits, unique on its floor
	Rows  []LayoutRow `json:"rows"`
}

// Limits of a hall of sections.
const (
	MaxSections    = 40
	MaxSectionRows = 40
)

// ID names the section across the hall, e.g. "1F-B".
func (s LayoutSection) ID() string { return sectionID(s.Floor, s.Name) }

// SeatSection is a section in a seat map: where it stands and its grid, whose seats
// are those of the map with this Section.
type SeatSection struct {
	ID      string   `json:"id"` // e.g. "1F-B"
	Floor   int      `json:"floor"`
	Name    string   `json:"name"`
	Rows    []string `json:"rows"`    // front first
	Columns int      `json:"columns"` // width of the section's grid, aisles included
}

func (l Layout) validateSections() error {
	if len(l.Sections) > MaxSections {
		return Errorf(EInvalid, "A hall has at most %d sections.", MaxSections)
	}
	seen := map[string]bool{}
	for _, sec := range l.Sections {
		if sec.Floor < 1 || sec.Floor > 9 {
			return Errorf(EInvalid, "Section %q is on floor %d; floors are 1 to 9.", sec.Name, sec.Floor)
		}
		if !validSectionName(sec.Name) {
			return Errorf(EInvalid, "Section name %q must be one to three capital letters or digits.", sec.Name)
		}
		id := sec.ID()
		if seen[id] {
			return Errorf(EInvalid, "Section %s appears twice.", id)
		}
		seen[id] = true
		if len(sec.Rows) == 0 || len(sec.Rows) > MaxSectionRows {
			return Errorf(EInvalid, "Section %s needs between 1 and %d rows.", id, MaxSectionRows)
		}
		rows := map[string]bool{}
		for _, r := range sec.Rows {
			if !validSectionRowLabel(r.Label) {
				return Errorf(EInvalid, "Row label %q of section %s must be a number from 1 to 99 or one or two capital letters.", r.Label, id)
			}
			if rows[r.Label] {
				return Errorf(EInvalid, "Row %s of section %s appears twice.", r.Label, id)
			}
			rows[r.Label] = true
			if err := l.validateRow(r, "Row "+r.Label+" of section "+id); err != nil {
				return err
			}
		}
	}
	return nil
}
