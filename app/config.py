"""Settings from the environment (or a .env file)."""

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    # Unset: a SQLite file in the working directory, so a new user needs nothing installed.
    database_url: str = "sqlite:///./temu_dagang.db"
    host: str = "127.0.0.1"
    port: int = 8000
    # Capacity older than this many months is flagged STALE_CAPACITY.
    stale_after_months: int = 2
    # Build the in-memory supply index (app.services.matching.SupplyIndex) at start-up
    # (tests that never match turn it off).
    build_match_index: bool = True
    # A file for a snapshot of the built supply index (app.services.matching), saved after a
    # build and at shutdown; a start loads it and catches up instead of building from every
    # product. Empty: none. Only this service may write there (the file is a pickle).
    match_snapshot: str = ""
    # Failed authentications allowed per client address per minute before 429.
    auth_failures_per_minute: int = 20
    # Threads that run match requests. Matching is CPU work under the GIL, so more threads
    # only contend for it (bench/README.md has the figures).
    match_threads: int = Field(default=1, ge=1, le=64)
    # Request bodies larger than this are refused with 413.
    max_body_bytes: int = 1_048_576
    # POST /api/v1/imports: a register of tens of thousands of rows
    max_import_bytes: int = 20_971_520
    # Comma-separated proxy addresses whose X-Forwarded-For / X-Forwarded-Proto are believed
    # (uvicorn's syntax: "10.0.0.1,10.0.0.2", "*" for any). Empty: none, the peer address is
    # the client, so nobody can pick the address the failed-authentication limit counts.
    forwarded_allow_ips: str = ""
    # Comma-separated origins a browser front-end may call the API from
    # ("https://app.example.id"); "*" for any. Empty: no CORS headers at all.
    cors_allow_origins: str = ""

    @property
    def cors_origins(self) -> list[str]:
        return [origin.strip() for origin in self.cors_allow_origins.split(",") if origin.strip()]

    # How long a statement waits for a lock (SQLite: for the write lock) before the request
    # is answered 503, so no write waits without end behind another session's transaction.
    database_lock_timeout_seconds: float = Field(default=5.0, gt=0)
    # PostgreSQL: the longest any one statement may run before it is cancelled (503).
    database_statement_timeout_seconds: float = Field(default=30.0, gt=0)
    # POST /missions/{id}/schedule: the longest the solver may search, and the most a request
    # may ask for (its `time_limit_seconds`). Within it the most meetings are proven at 200
    # participants; the rest goes to fewer idle slots (bench/README.md). Small missions are
    # proven optimal long before it.
    schedule_time_limit_seconds: float = Field(default=20.0, ge=1, le=600)

    # Console sign-in (app/web). A web session ends after this many seconds without a page
    # view (idle) and, at the latest, this many seconds after sign-in (absolute).
    web_session_idle_seconds: int = Field(default=2 * 3600, ge=1)
    web_session_absolute_seconds: int = Field(default=12 * 3600, ge=1)
    # Failed console sign-ins allowed per client address (and per name) per minute.
    sign_in_failures_per_minute: int = Field(default=10, ge=1)
    # A sign-in link (for an owner to set a password) is valid this many days, for one use.
    sign_in_link_days: int = Field(default=7, ge=1, le=30)


settings = Settings()
