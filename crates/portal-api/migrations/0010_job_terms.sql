-- Issue 17: a job's page states every term that binds: general tolerances and the marketplace's
-- notes join the QC report, delivery terms and ship-to of 0003.
ALTER TABLE jobs ADD COLUMN tolerance TEXT NOT NULL
    DEFAULT 'ISO 2768-m (medium) where the drawing states no tolerance';
ALTER TABLE jobs ADD COLUMN notes TEXT NOT NULL DEFAULT '';

-- Issue 17: units and paper a partner chose (NULL: its market's default, portal_core::units).
ALTER TABLE partners ADD COLUMN units TEXT CHECK (units IN ('metric', 'imperial'));
ALTER TABLE partners ADD COLUMN paper TEXT CHECK (paper IN ('a4', 'letter'));
