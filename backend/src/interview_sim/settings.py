"""Configuration from the environment (and `.env`), with embedded defaults for one laptop."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import AliasChoices, Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parents[3]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore", populate_by_name=True)

    host: str = "127.0.0.1"
    port: int = 8000
    database_url: str = Field(default="", description="empty: an SQLite file under ./data/")
    redis_url: str | None = None
    llm_api_key: str | None = Field(
        default=None, validation_alias=AliasChoices("LLM_API_KEY", "OPENROUTER_API_KEY", "llm_api_key")
    )
    llm_base_url: str = "https://openrouter.ai/api/v1"
    llm_model: str = Field(
        default="openai/gpt-4o-mini",
        validation_alias=AliasChoices("LLM_MODEL", "OPENROUTER_MODEL", "llm_model"),
    )
    llm_connect_timeout_s: float = 5.0
    llm_first_token_timeout_s: float = 20.0
    llm_idle_timeout_s: float = 15.0
    cors_origins: Annotated[list[str], NoDecode] = Field(default_factory=list)
    # How browsers reach the app (comma list), e.g. https://interview.example.com: always accepted as
    # the socket's Origin, whatever Host a proxy passes. See transport/origins.py.
    public_origin: Annotated[list[str], NoDecode] = Field(default_factory=list)
    # Proxies (IP addresses or CIDRs) whose X-Forwarded-Proto/-Host/-For are believed.
    trusted_proxies: Annotated[list[str], NoDecode] = Field(default_factory=list)
    node_id: str = ""
    frontend_dist: Path = REPO_ROOT / "frontend" / "dist"
    data_dir: Path = Path("data")
    # The interviewer waits this long after the candidate's last final utterance before it answers,
    # so it never cuts into a thinking pause.
    # The ceiling: the wait after a spoken answer that trails off ("and", "so", "um", a comma); a
    # finished spoken sentence waits a short beat and a typed message none (domain/turn_taking.py).
    silence_tolerance_ms: int = 1200
    # The interviewer checks in once after this long without a word while the candidate codes.
    interviewer_check_in_s: float = 120.0
    interviewer_word_delay_ms: int = 25
    # Interviewer deltas go out grouped: the first at once, then one per this many ms, or sooner at a
    # clause boundary (,.;:!?) when `interviewer_flush_on_clause`, but not within half of it of the
    # last (services/coalescing.py). 0: one per word.
    interviewer_flush_ms: int = Field(default=100, ge=0)
    interviewer_flush_on_clause: bool = True
    coach_tick_s: float = 5.0
    rate_limit_per_s: float = 20.0
    rate_limit_burst: int = 60
    # Abuse limits (issue 11): each refused thing gets a clear error, nothing stored is lost.
    sessions_per_address_per_hour: int = 30
    max_candidate_sockets: int = 3  # a reload while the old socket is not yet noticed gone
    max_observer_sockets: int = 10
    session_rate_per_s: float = 30.0
    session_rate_burst: int = 120
    session_budget_bytes: int = 20_000_000
    session_budget_events: int = 20_000
    socket_max_message_bytes: int = 512_000
    socket_connect_timeout_s: float = 10.0
    replay_interval_s: float = 3.0
    replay_page_events: int = 200
    send_queue_max_bytes: int = 4_000_000
    # permessage-deflate on websockets when the browser offers it: off by default (CPU per frame per
    # socket; socket.io's Node server has it off too). On trades CPU for bandwidth.
    websocket_deflate: bool = False
    session_idle_timeout_s: float = 3600.0
    idle_sweep_s: float = 60.0
    view_cache_max_bytes: int = 64_000_000
    # PostgreSQL: logged events from many sessions share one INSERT statement (storage/log_batch.py),
    # at most `log_batch_rows` of them, up to `log_batch_lanes` statements in flight (no session in
    # two); a flush waits `log_batch_wait_ms` for more rows first (0: rows appended in one event-loop
    # turn go out on the next). LOG_BATCH=0: one statement per event.
    log_batch: bool = True
    log_batch_rows: int = Field(default=200, ge=1, le=5000)
    log_batch_wait_ms: float = Field(default=0.0, ge=0)
    log_batch_lanes: int = Field(default=4, ge=1, le=32)
    # Connections to Redis per node for turn locks and interrupts (the fan-out has its own).
    redis_connections: int = Field(default=32, ge=1, le=1000)
    # PostgreSQL: the view reads of many sessions share one statement (storage/read_batch.py);
    # READ_BATCH=0: one statement per read.
    read_batch: bool = True
    llm_max_concurrent: int = 8
    llm_calls_per_session: int = 120
    # The serving process's full garbage collections run this often instead of when the heap grew
    # (interview_sim/heap.py); 0: CPython's own schedule.
    gc_full_every_s: float = Field(default=300.0, ge=0)
    log_level: str = "INFO"
    # "text" lines, or "json": one object per line with node and session_id (interview_sim/logs.py).
    log_format: Literal["text", "json"] = "text"
    # The judge (judge/): candidate code runs in bubblewrap sandboxes, `judge_workers` at once,
    # `judge_queue` more waiting (beyond that a submit gets a clear "busy" error).
    judge_workers: int = Field(default=2, ge=1, le=64)
    judge_queue: int = Field(default=20, ge=0)
    judge_time_limit_ms_javascript: int = Field(default=1000, ge=50)
    judge_time_limit_ms_python: int = Field(default=2000, ge=50)
    judge_memory_mb: int = Field(default=512, ge=64)
    judge_wall_budget_s: float = Field(default=30.0, gt=0)
    judge_python: str = "/usr/bin/python3"
    judge_uid_base: int = Field(default=63000, ge=1000, le=63534)  # + 2,000 uids, below nobody (65534)

    @field_validator("cors_origins", "public_origin", "trusted_proxies", mode="before")
    @classmethod
    def _split_origins(cls, value: object) -> object:
        if isinstance(value, str):
            return [o.strip() for o in value.split(",") if o.strip()]
        return value

    @field_validator("redis_url", "llm_api_key", mode="before")
    @classmethod
    def _empty_is_none(cls, value: object) -> object:
        return None if value == "" else value

    @property
    def node(self) -> str:
        return self.node_id or f"{self.host}:{self.port}"

    @property
    def db_url(self) -> str:
        if self.database_url:
            return self.database_url
        self.data_dir.mkdir(parents=True, exist_ok=True)
        return f"sqlite://{(self.data_dir / 'interview-sim.sqlite3').resolve()}"

    @property
    def llm_mode(self) -> str:
        return self.llm_model if self.llm_api_key else "offline"
