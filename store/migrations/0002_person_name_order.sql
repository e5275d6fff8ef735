-- Search-as-you-type walks these indexes in name order and stops at the first screenful.
DROP INDEX person_norm_last;
DROP INDEX person_norm_first;
CREATE INDEX person_last_first ON person(norm_last, norm_first, id);
CREATE INDEX person_first_last ON person(norm_first, norm_last, id);
