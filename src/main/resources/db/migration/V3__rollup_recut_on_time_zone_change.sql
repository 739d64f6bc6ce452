-- A company whose time zone changed has its days cut anew: the next rollup run
-- rebuilds, in the new time zone, every day it still holds raw events for, and
-- clears this column. It holds the time zone the rollups were cut in, so the run
-- knows which of their days the raw events still cover completely. Days older
-- than the raw retention keep their old cut.
ALTER TABLE company ADD COLUMN rollup_recut_from_time_zone text;
