package index

import "context"

// MatchingIDs returns the ids of every study r matches, in r's order, up
// to MaxFrom+MaxSize of them: what an export of a search holds.
func (ix *Index) MatchingIDs(ctx context.Context, r Request) ([]string, error) {
	r.Size, r.Page = MaxSize, 1
	r.NoFacets, r.NoHighlight = true, true // only the ids are wanted
	var out []string
	for ; (r.Page-1)*r.Size <= MaxFrom; r.Page++ {
		res, err := ix.Search(ctx, r)
		if err != nil {
			return nil, err
		}
		for _, h := range res.Hits {
			out = append(out, h.ID)
		}
		if uint64(r.Page*r.Size) >= res.Total {
			break
		}
	}
	return out, nil
}
