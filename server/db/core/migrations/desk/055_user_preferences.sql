-- A signed-in user's own settings (GET/PUT /api/users/me/preferences): language, theme and the map's layers
-- (which are on, and their filters). NULL = never chosen: the client then uses the device's or the role's
-- default. One row per user, gone with the user.
CREATE TABLE IF NOT EXISTS user_preferences (
  user_id    bigint PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  lang       text CHECK (lang IN ('zh', 'en')),
  theme      text CHECK (theme IN ('dark', 'light')),
  layers     text[],
  filters    jsonb,
  updated_at timestamptz NOT NULL DEFAULT now()
);
