-- The Anyang data model. Geometry in EPSG:4326 ([lng, lat]); a GiST index on every geometry.
-- Classified fields are stored as code + label (GB/T 31000 habit): `x` holds the code, `x_label` the
-- Chinese label; code lists live in server/protocol/codes.ts.
-- `generated` marks rows made by the seeded generator (true) versus real data (false).
-- Admin codes: GB/T 2260 (6 digits) + statistical division codes (9 street, 12 community).

CREATE TABLE admin_units (
  code          text PRIMARY KEY CHECK (code ~ '^[0-9]{6}([0-9]{3}([0-9]{3})?)?$'),
  level         smallint NOT NULL CHECK (level BETWEEN 1 AND 4), -- 1 city, 2 district, 3 street/township, 4 community/village
  level_label   text NOT NULL,
  name          text NOT NULL,
  parent_code   text REFERENCES admin_units (code),
  district_code text,
  street_code   text,
  households    integer,
  population    integer,
  geom          geometry(MultiPolygon, 4326) NOT NULL,
  geom_source   text NOT NULL,
  generated     boolean NOT NULL,
  updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX admin_units_geom_idx ON admin_units USING gist (geom);
CREATE INDEX admin_units_level_idx ON admin_units (level, parent_code);

CREATE TABLE grids (
  code           text PRIMARY KEY CHECK (code ~ '^[0-9]{15}$'),
  name           text NOT NULL,
  type           text NOT NULL CHECK (type IN ('COMPREHENSIVE', 'DEDICATED', 'MICRO')),
  type_label     text NOT NULL,
  dedicated_to   text,               -- key place id for a dedicated grid
  community_code text NOT NULL REFERENCES admin_units (code),
  street_code    text NOT NULL,
  district_code  text NOT NULL,
  households     integer NOT NULL DEFAULT 0,
  population     integer NOT NULL DEFAULT 0,
  worker_count   integer NOT NULL DEFAULT 0,
  geom           geometry(MultiPolygon, 4326) NOT NULL,
  generated      boolean NOT NULL DEFAULT true,
  updated_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX grids_geom_idx ON grids USING gist (geom);
CREATE INDEX grids_community_idx ON grids (community_code);
CREATE INDEX grids_district_idx ON grids (district_code);

CREATE TABLE grid_workers (
  id            text PRIMARY KEY,
  grid_code     text NOT NULL REFERENCES grids (code),
  name          text NOT NULL,
  role          text NOT NULL CHECK (role IN ('GRID_HEAD', 'FULL_TIME', 'PART_TIME')),
  role_label    text NOT NULL,
  online        boolean NOT NULL DEFAULT false,
  last_seen_at  timestamptz,
  district_code text NOT NULL,
  geom          geometry(Point, 4326),
  generated     boolean NOT NULL DEFAULT true,
  updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX grid_workers_geom_idx ON grid_workers USING gist (geom);
CREATE INDEX grid_workers_grid_idx ON grid_workers (grid_code);

-- Personal data lives in *_personal tables so that it is never selected by accident and can be masked.
CREATE TABLE grid_workers_personal (
  worker_id text PRIMARY KEY REFERENCES grid_workers (id) ON DELETE CASCADE,
  phone     text NOT NULL
);

CREATE TABLE key_places (
  id            text PRIMARY KEY,
  name          text NOT NULL,
  type          text NOT NULL,
  type_label    text NOT NULL,
  address       text,
  district_code text NOT NULL,
  street_code   text,
  community_code text,
  grid_code     text,
  geom          geometry(Point, 4326) NOT NULL,
  generated     boolean NOT NULL DEFAULT true,
  updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX key_places_geom_idx ON key_places USING gist (geom);
CREATE INDEX key_places_type_idx ON key_places (type);

-- GB/T 28181 id: 8-digit centre code + 2 industry + 3 type + 7 serial.
CREATE TABLE cameras (
  id                text PRIMARY KEY CHECK (id ~ '^[0-9]{20}$'),
  name              text NOT NULL,
  ptz_type          smallint NOT NULL CHECK (ptz_type BETWEEN 1 AND 7),
  ptz_type_label    text NOT NULL,
  point_class       smallint NOT NULL CHECK (point_class IN (1, 2, 3, 9)),
  point_class_label text NOT NULL,
  status            text NOT NULL CHECK (status IN ('ON', 'OFF')),
  status_label      text NOT NULL,
  direction_deg     smallint CHECK (direction_deg BETWEEN 0 AND 359),
  fov_deg           smallint CHECK (fov_deg BETWEEN 1 AND 360),
  management_unit   text NOT NULL,
  address           text,
  installed_on      date,
  district_code     text NOT NULL,
  street_code       text,
  community_code    text,
  grid_code         text,
  geom              geometry(Point, 4326) NOT NULL,
  generated         boolean NOT NULL DEFAULT true,
  updated_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX cameras_geom_idx ON cameras USING gist (geom);
CREATE INDEX cameras_district_idx ON cameras (district_code);
CREATE INDEX cameras_status_idx ON cameras (status);

CREATE TABLE checkpoints (
  id              text PRIMARY KEY,
  name            text NOT NULL,
  type            text NOT NULL CHECK (type IN ('POLICE_CHECKPOINT', 'SECURITY_CHECKPOINT', 'ELECTRONIC_CHECKPOINT',
                                                'STREET_POLICE_STATION', 'POLICE_STATION', 'ALARM_POST')),
  type_label      text NOT NULL,
  functions       text,             -- e-gate function codes, comma separated: 01 人脸 02 人员 03 机动车 04 非机动车 05 物品
  function_labels text,
  staffed         boolean NOT NULL,
  status          text NOT NULL CHECK (status IN ('ON', 'OFF')),
  status_label    text NOT NULL,
  address         text,
  district_code   text NOT NULL,
  street_code     text,
  community_code  text,
  grid_code       text,
  geom            geometry(Point, 4326) NOT NULL,
  generated       boolean NOT NULL DEFAULT true,
  updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX checkpoints_geom_idx ON checkpoints USING gist (geom);
CREATE INDEX checkpoints_type_idx ON checkpoints (type);

CREATE TABLE fire_hazards (
  id               text PRIMARY KEY,
  place_name       text NOT NULL,
  place_type       text NOT NULL,
  place_type_label text NOT NULL,
  hazard_kind      text NOT NULL,
  hazard_kind_label text NOT NULL,
  grade            text NOT NULL CHECK (grade IN ('GENERAL', 'MAJOR')),
  grade_label      text NOT NULL,
  status           text NOT NULL CHECK (status IN ('REGISTERED', 'RECTIFYING', 'RECHECK', 'CLOSED')),
  status_label     text NOT NULL,
  found_at         timestamptz NOT NULL,
  deadline         date NOT NULL,
  closed_at        timestamptz,
  address          text,
  district_code    text NOT NULL,
  street_code      text,
  community_code   text,
  grid_code        text,
  geom             geometry(Point, 4326) NOT NULL,
  generated        boolean NOT NULL DEFAULT true,
  updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX fire_hazards_geom_idx ON fire_hazards USING gist (geom);
CREATE INDEX fire_hazards_status_idx ON fire_hazards (status, grade);

CREATE TABLE rental_housing (
  id               text PRIMARY KEY,
  address          text NOT NULL,
  lessor_type      text NOT NULL CHECK (lessor_type IN ('PERSON', 'ORGANISATION', 'AGENCY')),
  lessor_type_label text NOT NULL,
  use              text NOT NULL CHECK (use IN ('RESIDENTIAL', 'BUSINESS', 'STORAGE', 'GROUP_RENTAL')),
  use_label        text NOT NULL,
  tenant_count     integer NOT NULL CHECK (tenant_count >= 0),
  floating_count   integer NOT NULL CHECK (floating_count >= 0),
  registration     text NOT NULL CHECK (registration IN ('REGISTERED', 'UNREGISTERED')),
  registration_label text NOT NULL,
  hazard_level     text NOT NULL CHECK (hazard_level IN ('NONE', 'LOW', 'GENERAL', 'LARGER', 'MAJOR')),
  hazard_level_label text NOT NULL,
  last_checked_on  date,
  district_code    text NOT NULL,
  street_code      text,
  community_code   text,
  grid_code        text,
  geom             geometry(Point, 4326) NOT NULL,
  generated        boolean NOT NULL DEFAULT true,
  updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX rental_housing_geom_idx ON rental_housing USING gist (geom);
CREATE INDEX rental_housing_district_idx ON rental_housing (district_code);

CREATE TABLE rental_housing_personal (
  housing_id       text PRIMARY KEY REFERENCES rental_housing (id) ON DELETE CASCADE,
  lessor_name      text NOT NULL,
  lessor_phone     text NOT NULL,
  lessor_id_number text NOT NULL,
  tenants          jsonb NOT NULL DEFAULT '[]'  -- [{ "name", "phone", "idNumber" }]
);

CREATE TABLE incidents (
  id              text PRIMARY KEY,
  event_no        text NOT NULL UNIQUE,
  title           text NOT NULL,
  description     text,
  source          text NOT NULL,
  source_label    text NOT NULL,
  category        text NOT NULL CHECK (category ~ '^[0-9]{2}$'),
  category_label  text NOT NULL,
  urgency         text NOT NULL CHECK (urgency IN ('CRITICAL', 'URGENT', 'NORMAL')),
  urgency_label   text NOT NULL,
  scale           text NOT NULL,
  scale_label     text NOT NULL,
  status          text NOT NULL,
  status_label    text NOT NULL,
  supervised      boolean NOT NULL DEFAULT false,
  escalated       boolean NOT NULL DEFAULT false,
  rework_count    integer NOT NULL DEFAULT 0,
  reported_at     timestamptz NOT NULL,
  deadline        timestamptz NOT NULL,
  closed_at       timestamptz,
  assigned_unit_id text,
  address         text,
  district_code   text NOT NULL,
  street_code     text,
  community_code  text,
  grid_code       text,
  geom            geometry(Point, 4326) NOT NULL,
  generated       boolean NOT NULL DEFAULT true,
  updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX incidents_geom_idx ON incidents USING gist (geom);
CREATE INDEX incidents_reported_idx ON incidents (reported_at);
CREATE INDEX incidents_status_idx ON incidents (status);
CREATE INDEX incidents_district_idx ON incidents (district_code, reported_at);

CREATE TABLE incident_parties (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  incident_id text NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
  role        text NOT NULL,       -- REPORTER, PARTY
  name        text NOT NULL,
  phone       text,
  id_number   text
);
CREATE INDEX incident_parties_incident_idx ON incident_parties (incident_id);

-- Every lifecycle step is a row: who, when, from, to, opinion (Art. 21).
CREATE TABLE incident_flow_log (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  incident_id text NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
  at          timestamptz NOT NULL,
  actor       text NOT NULL,
  action      text NOT NULL,
  from_status text,
  to_status   text NOT NULL,
  opinion     text
);
CREATE INDEX incident_flow_log_incident_idx ON incident_flow_log (incident_id, at);

CREATE TABLE depots (
  id            text PRIMARY KEY,
  name          text NOT NULL,
  level         text NOT NULL CHECK (level IN ('CITY', 'COUNTY', 'TOWNSHIP')),
  level_label   text NOT NULL,
  address       text,
  district_code text NOT NULL,
  street_code   text,
  geom          geometry(Point, 4326) NOT NULL,
  generated     boolean NOT NULL DEFAULT true,
  updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX depots_geom_idx ON depots USING gist (geom);

CREATE TABLE depot_stock (
  depot_id       text NOT NULL REFERENCES depots (id) ON DELETE CASCADE,
  category       text NOT NULL CHECK (category IN ('FLOOD', 'FIRE', 'MEDICAL', 'LIVING', 'COMMUNICATION', 'LIGHTING', 'POWER')),
  category_label text NOT NULL,
  item           text NOT NULL,
  quantity       integer NOT NULL CHECK (quantity >= 0),
  unit           text NOT NULL,
  PRIMARY KEY (depot_id, item)
);

CREATE TABLE units (
  id             text PRIMARY KEY,
  name           text NOT NULL,
  callsign       text,
  type           text NOT NULL,
  type_label     text NOT NULL,
  status         text NOT NULL CHECK (status IN ('AVAILABLE', 'DISPATCHED', 'EN_ROUTE', 'ON_SCENE', 'OFF_DUTY')),
  status_label   text NOT NULL,
  headcount      integer NOT NULL DEFAULT 1,
  grid_worker_id text REFERENCES grid_workers (id),
  home_depot_id  text REFERENCES depots (id),
  heading_deg    smallint,
  speed_kmh      real,
  position_at    timestamptz,
  district_code  text NOT NULL,
  geom           geometry(Point, 4326) NOT NULL,
  generated      boolean NOT NULL DEFAULT true,
  updated_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX units_geom_idx ON units USING gist (geom);
CREATE INDEX units_status_idx ON units (type, status);

-- What the dataset loader has finished, so later starts skip it.
CREATE TABLE dataset_loads (
  part        text PRIMARY KEY,
  seed        integer NOT NULL,
  scale       real NOT NULL,
  row_count   integer NOT NULL,
  loaded_at   timestamptz NOT NULL DEFAULT now()
);

-- Depots as features: the depot plus a summary of its stock.
CREATE VIEW depot_features AS
SELECT d.id, d.name, d.level, d.level_label, d.address, d.district_code, d.street_code, d.generated, d.updated_at,
       COALESCE(s.items, 0)::integer AS stock_items, COALESCE(s.quantity, 0)::integer AS stock_quantity, d.geom
FROM depots d
LEFT JOIN (SELECT depot_id, count(*) AS items, sum(quantity) AS quantity FROM depot_stock GROUP BY depot_id) s
  ON s.depot_id = d.id;
