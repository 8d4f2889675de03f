\echo Use "CREATE EXTENSION agentgov" to load this file. \quit
-- ---------------------------------------------------------------------------
-- Comments on the columns and enum types that the modules before this one
-- leave without one, so that \d+ and \dT+ explain the whole schema.
--
-- Kept in a module of its own, after every table is created, so that edits
-- of the table definitions do not collide with it; the same statements are
-- Section F of sql/agentgov--1.0--1.1.sql.  A column or type added later
-- gets its COMMENT ON next to its definition (sql/comments.sql fails when
-- fewer than 90 % of the columns, or not every enum and domain type, have
-- one).
-- ---------------------------------------------------------------------------

-- organizations
COMMENT ON COLUMN agentgov.organizations.id IS
    'Organization id (gen_random_uuid()); the org_id of every tenant table references it. The actor sees the organizations listed for him in organization_members';
COMMENT ON COLUMN agentgov.organizations.name IS
    'Display name of the organization, 3 to 100 characters; need not be unique (slug is)';
COMMENT ON COLUMN agentgov.organizations.subscription_tier IS
    'Plan of the organization (BASIC, PRO, ENTERPRISE); an INSERT that leaves max_projects or max_agents_per_project NULL gets the tier''s default limit';
COMMENT ON COLUMN agentgov.organizations.created_at IS
    'When the organization was recorded (default now(): the start of the inserting transaction)';
COMMENT ON COLUMN agentgov.organizations.updated_at IS
    'When the organization was last changed; stamped by the touch_updated_at trigger on every UPDATE';

-- users
COMMENT ON COLUMN agentgov.users.id IS
    'Row id (gen_random_uuid()); PRIMARY KEY (id): users are global, a user may belong to several organizations (a reference table on Citus). This is the id set_actor() and the sub claim of request.jwt.claims name';
COMMENT ON COLUMN agentgov.users.username IS
    'Optional handle, unique across all users when set, 1 to 100 characters';
COMMENT ON COLUMN agentgov.users.full_name IS
    'Name shown to other users';
COMMENT ON COLUMN agentgov.users.auth_provider IS
    'How the user authenticates: local (password_hash required) or an external provider (auth_provider_id required)';
COMMENT ON COLUMN agentgov.users.is_active IS
    'False for a deactivated account: the find_* login and token functions ignore inactive users';
COMMENT ON COLUMN agentgov.users.is_2fa_enabled IS
    'Second factor required at login; needs totp_secret';
COMMENT ON COLUMN agentgov.users.telegram_chat_id IS
    'Telegram chat that receives the user''s notifications (github-agents)';
COMMENT ON COLUMN agentgov.users.created_at IS
    'When the user account was recorded (default now(): the start of the inserting transaction)';
COMMENT ON COLUMN agentgov.users.updated_at IS
    'When the user account was last changed; stamped by the touch_updated_at trigger on every UPDATE';
COMMENT ON COLUMN agentgov.users.last_login_at IS
    'Time of the user''s last successful login, written by the application';
COMMENT ON COLUMN agentgov.users.last_active_at IS
    'Time the user was last seen active (assistant); retention and activity reports read it';

-- organization_members
COMMENT ON COLUMN agentgov.organization_members.org_id IS
    'Organization the user belongs to; actor_org_ids() reads these rows (through the user_id index) to decide what the actor may see and write';
COMMENT ON COLUMN agentgov.organization_members.user_id IS
    'Member of the organization; one row per (org_id, user_id)';
COMMENT ON COLUMN agentgov.organization_members.created_at IS
    'When the user joined the organization';

-- workspaces
COMMENT ON COLUMN agentgov.workspaces.id IS
    'Row id (gen_random_uuid()). The primary key is (org_id, id) so that Citus can distribute the table by org_id; an index on id serves lookups by id alone';
COMMENT ON COLUMN agentgov.workspaces.org_id IS
    'Organization (tenant) owning the workspace; row-level security shows the row to that organization''s members only, and composite foreign keys keep it equal to the org_id of every row it references';
COMMENT ON COLUMN agentgov.workspaces.name IS
    'Workspace name, 3 to 50 characters';
COMMENT ON COLUMN agentgov.workspaces.description IS
    'What the workspace groups, up to 500 characters';
COMMENT ON COLUMN agentgov.workspaces.created_by IS
    'User who created the workspace';
COMMENT ON COLUMN agentgov.workspaces.created_at IS
    'When the workspace was recorded (default now(): the start of the inserting transaction)';
COMMENT ON COLUMN agentgov.workspaces.updated_at IS
    'When the workspace was last changed; stamped by the touch_updated_at trigger on every UPDATE';

-- teams
COMMENT ON COLUMN agentgov.teams.id IS
    'Row id (gen_random_uuid()). The primary key is (org_id, id) so that Citus can distribute the table by org_id; an index on id serves lookups by id alone';
COMMENT ON COLUMN agentgov.teams.org_id IS
    'Organization (tenant) owning the team; row-level security shows the row to that organization''s members only, and composite foreign keys keep it equal to the org_id of every row it references';
COMMENT ON COLUMN agentgov.teams.name IS
    'Team name, 1 to 255 characters';
COMMENT ON COLUMN agentgov.teams.description IS
    'What the team works on';
COMMENT ON COLUMN agentgov.teams.created_by IS
    'User who created the team (kept: deleting that user is refused while the team exists)';
COMMENT ON COLUMN agentgov.teams.created_at IS
    'When the team was recorded (default now(): the start of the inserting transaction)';
COMMENT ON COLUMN agentgov.teams.updated_at IS
    'When the team was last changed; stamped by the touch_updated_at trigger on every UPDATE';

-- team_members
COMMENT ON COLUMN agentgov.team_members.id IS
    'Row id (gen_random_uuid()). The primary key is (org_id, id) so that Citus can distribute the table by org_id; an index on id serves lookups by id alone';
COMMENT ON COLUMN agentgov.team_members.org_id IS
    'Organization (tenant) owning the team membership; row-level security shows the row to that organization''s members only, and composite foreign keys keep it equal to the org_id of every row it references';
COMMENT ON COLUMN agentgov.team_members.team_id IS
    'Team the user belongs to, in the same organization';
COMMENT ON COLUMN agentgov.team_members.user_id IS
    'Member of the team; one row per team and user';
COMMENT ON COLUMN agentgov.team_members.joined_at IS
    'When the user joined the team (default now())';

-- team_invitations
COMMENT ON COLUMN agentgov.team_invitations.id IS
    'Row id (gen_random_uuid()). The primary key is (org_id, id) so that Citus can distribute the table by org_id; an index on id serves lookups by id alone';
COMMENT ON COLUMN agentgov.team_invitations.org_id IS
    'Organization (tenant) owning the invitation; row-level security shows the row to that organization''s members only, and composite foreign keys keep it equal to the org_id of every row it references';
COMMENT ON COLUMN agentgov.team_invitations.team_id IS
    'Team the invitee will join, in the same organization';
COMMENT ON COLUMN agentgov.team_invitations.invited_by IS
    'User who sent the invitation';
COMMENT ON COLUMN agentgov.team_invitations.invited_email IS
    'Lower-case email address the invitation was sent to; accept_team_invitation() admits only the active user with this email';
COMMENT ON COLUMN agentgov.team_invitations.role IS
    'Team role the invitee gets on acceptance: lead, developer or viewer (not owner)';
COMMENT ON COLUMN agentgov.team_invitations.expires_at IS
    'After this time the invitation can no longer be accepted (find_team_invitation() ignores it)';
COMMENT ON COLUMN agentgov.team_invitations.accepted IS
    'Whether the invitation was accepted; an accepted invitation cannot be used again';
COMMENT ON COLUMN agentgov.team_invitations.accepted_at IS
    'When the invitation was accepted; NULL while not accepted';
COMMENT ON COLUMN agentgov.team_invitations.created_at IS
    'When the invitation was recorded (default now(): the start of the inserting transaction)';

-- user_sessions
COMMENT ON COLUMN agentgov.user_sessions.id IS
    'Row id (gen_random_uuid()); PRIMARY KEY (id): a per-user table (a reference table on Citus)';
COMMENT ON COLUMN agentgov.user_sessions.user_id IS
    'User the session belongs to; only that user sees it under row-level security';
COMMENT ON COLUMN agentgov.user_sessions.session_type IS
    'Kind of client that opened the session, e.g. web, cli or api (assistant session_type; default web)';
COMMENT ON COLUMN agentgov.user_sessions.status IS
    'Session state as the application records it, e.g. active or ended (default active)';
COMMENT ON COLUMN agentgov.user_sessions.started_at IS
    'When the session began';
COMMENT ON COLUMN agentgov.user_sessions.ended_at IS
    'When the session ended; NULL while it is open. cleanup_old_data() deletes sessions ended longer ago than agentgov.retention_user_sessions';
COMMENT ON COLUMN agentgov.user_sessions.expires_at IS
    'After this time find_session() no longer accepts the session''s token';
COMMENT ON COLUMN agentgov.user_sessions.created_at IS
    'When the session was recorded (default now(): the start of the inserting transaction)';

-- session_activities
COMMENT ON COLUMN agentgov.session_activities.id IS
    'Row id (gen_random_uuid()); PRIMARY KEY (id): a per-user table, visible to the session''s user only';
COMMENT ON COLUMN agentgov.session_activities.session_id IS
    'Session in which the activity happened; the row is visible to that session''s user only';
COMMENT ON COLUMN agentgov.session_activities.activity_type IS
    'What the user did, e.g. login, command or page_view (free text of the application)';
COMMENT ON COLUMN agentgov.session_activities.details IS
    'Details of the activity as a JSON object';
COMMENT ON COLUMN agentgov.session_activities.occurred_at IS
    'When the activity happened';

-- refresh_tokens
COMMENT ON COLUMN agentgov.refresh_tokens.user_id IS
    'User the token was issued to';
COMMENT ON COLUMN agentgov.refresh_tokens.expires_at IS
    'After this time find_refresh_token() no longer accepts the token';
COMMENT ON COLUMN agentgov.refresh_tokens.revoked_at IS
    'When the token was revoked; set only together with revoked';
COMMENT ON COLUMN agentgov.refresh_tokens.created_at IS
    'When the token was issued';

-- password_reset_requests
COMMENT ON COLUMN agentgov.password_reset_requests.id IS
    'Row id (gen_random_uuid()); PRIMARY KEY (id): a per-user table';
COMMENT ON COLUMN agentgov.password_reset_requests.user_id IS
    'User whose password is to be reset';
COMMENT ON COLUMN agentgov.password_reset_requests.expires_at IS
    'After this time find_password_reset() no longer accepts the token';
COMMENT ON COLUMN agentgov.password_reset_requests.used IS
    'Whether the token was already used; a reset token works once';
COMMENT ON COLUMN agentgov.password_reset_requests.used_at IS
    'When the token was used; set only together with used';
COMMENT ON COLUMN agentgov.password_reset_requests.created_at IS
    'When the reset was requested';

-- api_keys
COMMENT ON COLUMN agentgov.api_keys.id IS
    'Row id (gen_random_uuid()); PRIMARY KEY (id): a per-user table; only the key''s owner sees the row';
COMMENT ON COLUMN agentgov.api_keys.user_id IS
    'User who owns the key; one key per user and provider';
COMMENT ON COLUMN agentgov.api_keys.provider IS
    'LLM provider the key is for (claude, openai, gemini, ollama, other)';
COMMENT ON COLUMN agentgov.api_keys.is_active IS
    'False for a key the user disabled, which the application should not use';
COMMENT ON COLUMN agentgov.api_keys.created_at IS
    'When the key was stored';
COMMENT ON COLUMN agentgov.api_keys.last_used_at IS
    'When the application last used the key, written by the application';

-- user_rules
COMMENT ON COLUMN agentgov.user_rules.id IS
    'Row id (gen_random_uuid()); PRIMARY KEY (id): a per-user table; one row per user';
COMMENT ON COLUMN agentgov.user_rules.user_id IS
    'User the rules belong to (one rule set per user)';
COMMENT ON COLUMN agentgov.user_rules.created_at IS
    'When the rule set was recorded (default now(): the start of the inserting transaction)';
COMMENT ON COLUMN agentgov.user_rules.updated_at IS
    'When the rule set was last changed; stamped by the touch_updated_at trigger on every UPDATE';

-- projects
COMMENT ON COLUMN agentgov.projects.id IS
    'Row id (gen_random_uuid()). The primary key is (org_id, id) so that Citus can distribute the table by org_id; an index on id serves lookups by id alone';
COMMENT ON COLUMN agentgov.projects.org_id IS
    'Organization (tenant) owning the project; row-level security shows the row to that organization''s members only, and composite foreign keys keep it equal to the org_id of every row it references';
COMMENT ON COLUMN agentgov.projects.name IS
    'Project name, 3 to 255 characters';
COMMENT ON COLUMN agentgov.projects.description IS
    'Free-text description of the project';
COMMENT ON COLUMN agentgov.projects.problem_statement IS
    'The problem the project addresses (platform), 10 to 5000 characters when set; the VRC gate judges it';
COMMENT ON COLUMN agentgov.projects.github_repo IS
    'GitHub repository as owner/name (github-agents)';
COMMENT ON COLUMN agentgov.projects.github_app_id IS
    'Id of the GitHub App acting on the repository (github-agents)';
COMMENT ON COLUMN agentgov.projects.github_installation_id IS
    'Installation id of the GitHub App on the repository (github-agents)';
COMMENT ON COLUMN agentgov.projects.last_updated_by IS
    'User who last changed the project (platform)';
COMMENT ON COLUMN agentgov.projects.created_at IS
    'When the project was recorded (default now(): the start of the inserting transaction)';
COMMENT ON COLUMN agentgov.projects.updated_at IS
    'When the project was last changed; stamped by the touch_updated_at trigger on every UPDATE';

-- project_shares
COMMENT ON COLUMN agentgov.project_shares.id IS
    'Row id (gen_random_uuid()). The primary key is (org_id, id) so that Citus can distribute the table by org_id; an index on id serves lookups by id alone';
COMMENT ON COLUMN agentgov.project_shares.org_id IS
    'Organization (tenant) owning the share; row-level security shows the row to that organization''s members only, and composite foreign keys keep it equal to the org_id of every row it references';
COMMENT ON COLUMN agentgov.project_shares.project_id IS
    'Project shared with the team, in the same organization';
COMMENT ON COLUMN agentgov.project_shares.team_id IS
    'Team the project is shared with; one share per project and team';
COMMENT ON COLUMN agentgov.project_shares.shared_by IS
    'User who shared the project';
COMMENT ON COLUMN agentgov.project_shares.permission_level IS
    'What the team may do on the project: read, write or admin. An application-level permission: row-level security never widens visibility beyond the organization';
COMMENT ON COLUMN agentgov.project_shares.shared_at IS
    'When the project was shared';

-- agents
COMMENT ON COLUMN agentgov.agents.id IS
    'Agent id (gen_random_uuid()); PRIMARY KEY (id) because catalogue agents have no organization. (org_id, id) is also unique, so tenant tables can reference an organization''s agent with a composite key';
COMMENT ON COLUMN agentgov.agents.name IS
    'Agent name, unique within its scope (catalogue, organization or project)';
COMMENT ON COLUMN agentgov.agents.phase IS
    'Project phase the agent works in (platform catalogue); NULL for agents not tied to a phase';
COMMENT ON COLUMN agentgov.agents.description IS
    'What the agent does';
COMMENT ON COLUMN agentgov.agents.config IS
    'Other agent settings as a JSON object (orchestrator config)';
COMMENT ON COLUMN agentgov.agents.avg_tokens_input IS
    'Typical input tokens of one run (platform catalogue), for estimates';
COMMENT ON COLUMN agentgov.agents.avg_tokens_output IS
    'Typical output tokens of one run (platform catalogue), for estimates';
COMMENT ON COLUMN agentgov.agents.is_active IS
    'False for a retired agent, which the application should no longer start (not enforced by agentgov)';
COMMENT ON COLUMN agentgov.agents.created_at IS
    'When the agent was recorded (default now(): the start of the inserting transaction)';
COMMENT ON COLUMN agentgov.agents.updated_at IS
    'When the agent was last changed; stamped by the touch_updated_at trigger on every UPDATE';

-- personas
COMMENT ON COLUMN agentgov.personas.persona_name IS
    'Human-readable name of the persona (assistant), e.g. Sarah Chen';
COMMENT ON COLUMN agentgov.personas.persona_version IS
    'Version of the persona definition; (persona_name, persona_version) is unique';
COMMENT ON COLUMN agentgov.personas.specialization IS
    'Area of expertise of the persona, e.g. product strategy or reliability';
COMMENT ON COLUMN agentgov.personas.capabilities IS
    'What the persona can do, as JSON (assistant capabilities_json)';
COMMENT ON COLUMN agentgov.personas.activation_rules IS
    'When the persona is activated, as JSON (assistant activation_rules_json)';
COMMENT ON COLUMN agentgov.personas.crisis_scenarios IS
    'How the persona behaves in a crisis, as JSON (assistant crisis_scenarios_json)';
COMMENT ON COLUMN agentgov.personas.behavioral_patterns IS
    'Behavioural traits of the persona, as JSON (assistant behavioral_patterns_json)';
COMMENT ON COLUMN agentgov.personas.is_active IS
    'False for a retired persona, which the application should no longer activate';
COMMENT ON COLUMN agentgov.personas.created_at IS
    'When the persona was recorded (default now(): the start of the inserting transaction)';
COMMENT ON COLUMN agentgov.personas.updated_at IS
    'When the persona was last changed; stamped by the touch_updated_at trigger on every UPDATE';

-- conversations
COMMENT ON COLUMN agentgov.conversations.id IS
    'Row id (gen_random_uuid()). The primary key is (org_id, id) so that Citus can distribute the table by org_id; an index on id serves lookups by id alone';
COMMENT ON COLUMN agentgov.conversations.org_id IS
    'Organization (tenant) owning the conversation; row-level security shows the row to that organization''s members only, and composite foreign keys keep it equal to the org_id of every row it references';
COMMENT ON COLUMN agentgov.conversations.project_id IS
    'Project the conversation is about; NULL for an organization-wide conversation';
COMMENT ON COLUMN agentgov.conversations.title IS
    'Title of the conversation, up to 200 characters';
COMMENT ON COLUMN agentgov.conversations.type IS
    'What the conversation is about: issue, general, task or review (github-agents; default general)';
COMMENT ON COLUMN agentgov.conversations.status IS
    'active, paused, completed or archived';
COMMENT ON COLUMN agentgov.conversations.created_by_agent_id IS
    'Agent that opened the conversation (catalogue agent or one of the organization''s)';
COMMENT ON COLUMN agentgov.conversations.started_at IS
    'When the conversation began';
COMMENT ON COLUMN agentgov.conversations.ended_at IS
    'When the conversation ended; NULL while it goes on, never before started_at';
COMMENT ON COLUMN agentgov.conversations.created_at IS
    'When the conversation was recorded (default now(): the start of the inserting transaction)';
COMMENT ON COLUMN agentgov.conversations.updated_at IS
    'When the conversation was last changed; stamped by the touch_updated_at trigger on every UPDATE';

-- conversation_participants
COMMENT ON COLUMN agentgov.conversation_participants.org_id IS
    'Organization (tenant) owning the participant; row-level security shows the row to that organization''s members only, and composite foreign keys keep it equal to the org_id of every row it references';
COMMENT ON COLUMN agentgov.conversation_participants.conversation_id IS
    'Conversation the agent takes part in';
COMMENT ON COLUMN agentgov.conversation_participants.agent_id IS
    'Participating agent (catalogue agent or one of the organization''s); one row per conversation and agent';
COMMENT ON COLUMN agentgov.conversation_participants.joined_at IS
    'When the agent joined the conversation';

-- messages
COMMENT ON COLUMN agentgov.messages.id IS
    'Row id (gen_random_uuid()). The primary key is (org_id, id) so that Citus can distribute the table by org_id; an index on id serves lookups by id alone';
COMMENT ON COLUMN agentgov.messages.org_id IS
    'Organization (tenant) owning the message; row-level security shows the row to that organization''s members only, and composite foreign keys keep it equal to the org_id of every row it references';
COMMENT ON COLUMN agentgov.messages.conversation_id IS
    'Conversation the message belongs to, in the same organization';
COMMENT ON COLUMN agentgov.messages.user_id IS
    'Author when author_type is user';
COMMENT ON COLUMN agentgov.messages.agent_id IS
    'Author when author_type is agent (catalogue agent or one of the organization''s)';
COMMENT ON COLUMN agentgov.messages.content IS
    'Text of the message as written (socrates content, github-agents content)';
COMMENT ON COLUMN agentgov.messages.tokens_in IS
    'Prompt tokens spent producing the message (0 for human messages)';
COMMENT ON COLUMN agentgov.messages.tokens_out IS
    'Completion tokens of the message (0 for human messages)';
COMMENT ON COLUMN agentgov.messages.model_used IS
    'LLM model that produced an agent''s message';
COMMENT ON COLUMN agentgov.messages.metadata IS
    'Other message data as JSON (github-agents metadata)';
COMMENT ON COLUMN agentgov.messages.is_edited IS
    'Whether the message was edited after it was posted';
COMMENT ON COLUMN agentgov.messages.created_at IS
    'When the message was recorded (default now(): the start of the inserting transaction)';
COMMENT ON COLUMN agentgov.messages.updated_at IS
    'When the message was last changed; stamped by the touch_updated_at trigger on every UPDATE';

-- specifications
COMMENT ON COLUMN agentgov.specifications.id IS
    'Row id (gen_random_uuid()). The primary key is (org_id, id) so that Citus can distribute the table by org_id; an index on id serves lookups by id alone';
COMMENT ON COLUMN agentgov.specifications.org_id IS
    'Organization (tenant) owning the specification; row-level security shows the row to that organization''s members only, and composite foreign keys keep it equal to the org_id of every row it references';
COMMENT ON COLUMN agentgov.specifications.project_id IS
    'Project the specification belongs to';
COMMENT ON COLUMN agentgov.specifications.category IS
    'Specification category, e.g. goals, requirements, tech_stack (socrates); questions use the same categories';
COMMENT ON COLUMN agentgov.specifications.content IS
    'Text of the specification';
COMMENT ON COLUMN agentgov.specifications.source IS
    'How the specification was obtained: user_input, extracted from a conversation, or inferred';
COMMENT ON COLUMN agentgov.specifications.metadata IS
    'Other data of the extraction, as JSON';
COMMENT ON COLUMN agentgov.specifications.created_at IS
    'When the specification was recorded (default now(): the start of the inserting transaction)';
COMMENT ON COLUMN agentgov.specifications.superseded_at IS
    'When supersede_specification() replaced this specification; NULL while it is current';

-- ideas
COMMENT ON COLUMN agentgov.ideas.id IS
    'Row id (gen_random_uuid()). The primary key is (org_id, id) so that Citus can distribute the table by org_id; an index on id serves lookups by id alone';
COMMENT ON COLUMN agentgov.ideas.org_id IS
    'Organization (tenant) owning the idea; row-level security shows the row to that organization''s members only, and composite foreign keys keep it equal to the org_id of every row it references';
COMMENT ON COLUMN agentgov.ideas.project_id IS
    'Project the idea was submitted to';
COMMENT ON COLUMN agentgov.ideas.title IS
    'Short title of the idea';
COMMENT ON COLUMN agentgov.ideas.description IS
    'What the idea is, as submitted';
COMMENT ON COLUMN agentgov.ideas.status IS
    'Refinement state: pending, refining, questions (waiting for answers), approved, rejected, or converted into tickets (orchestrator)';
COMMENT ON COLUMN agentgov.ideas.priority IS
    'Numeric priority, higher first (orchestrator; default 0)';
COMMENT ON COLUMN agentgov.ideas.metadata IS
    'Other idea data as JSON';
COMMENT ON COLUMN agentgov.ideas.created_at IS
    'When the idea was recorded (default now(): the start of the inserting transaction)';
COMMENT ON COLUMN agentgov.ideas.updated_at IS
    'When the idea was last changed; stamped by the touch_updated_at trigger on every UPDATE';

-- questions
COMMENT ON COLUMN agentgov.questions.id IS
    'Row id (gen_random_uuid()). The primary key is (org_id, id) so that Citus can distribute the table by org_id; an index on id serves lookups by id alone';
COMMENT ON COLUMN agentgov.questions.org_id IS
    'Organization (tenant) owning the question; row-level security shows the row to that organization''s members only, and composite foreign keys keep it equal to the org_id of every row it references';
COMMENT ON COLUMN agentgov.questions.project_id IS
    'Project the question is about';
COMMENT ON COLUMN agentgov.questions.agent_id IS
    'Agent that asked the question (orchestrator); catalogue agent or one of the organization''s';
COMMENT ON COLUMN agentgov.questions.answer IS
    'The user''s answer; required once status is answered';
COMMENT ON COLUMN agentgov.questions.status IS
    'pending, answered (answer set) or skipped';
COMMENT ON COLUMN agentgov.questions.created_at IS
    'When the question was recorded (default now(): the start of the inserting transaction)';
COMMENT ON COLUMN agentgov.questions.updated_at IS
    'When the question was last changed; stamped by the touch_updated_at trigger on every UPDATE';
COMMENT ON COLUMN agentgov.questions.answered_at IS
    'When the question was answered';

-- conflicts
COMMENT ON COLUMN agentgov.conflicts.id IS
    'Row id (gen_random_uuid()). The primary key is (org_id, id) so that Citus can distribute the table by org_id; an index on id serves lookups by id alone';
COMMENT ON COLUMN agentgov.conflicts.org_id IS
    'Organization (tenant) owning the conflict; row-level security shows the row to that organization''s members only, and composite foreign keys keep it equal to the org_id of every row it references';
COMMENT ON COLUMN agentgov.conflicts.project_id IS
    'Project whose specifications conflict';
COMMENT ON COLUMN agentgov.conflicts.type IS
    'What conflicts: technology, requirement, timeline or resource (socrates)';
COMMENT ON COLUMN agentgov.conflicts.description IS
    'What the conflict is';
COMMENT ON COLUMN agentgov.conflicts.severity IS
    'low, medium, high or critical; db_health_check() counts open critical conflicts';
COMMENT ON COLUMN agentgov.conflicts.status IS
    'open until resolved (resolution says how) or ignored';
COMMENT ON COLUMN agentgov.conflicts.detected_at IS
    'When the conflict was detected';
COMMENT ON COLUMN agentgov.conflicts.resolved_at IS
    'When the conflict was resolved or ignored';
COMMENT ON COLUMN agentgov.conflicts.resolved_by_user IS
    'Whether a user (rather than an agent) resolved the conflict';

-- github_issues
COMMENT ON COLUMN agentgov.github_issues.id IS
    'Row id (gen_random_uuid()). The primary key is (org_id, id) so that Citus can distribute the table by org_id; an index on id serves lookups by id alone';
COMMENT ON COLUMN agentgov.github_issues.org_id IS
    'Organization (tenant) owning the issue; row-level security shows the row to that organization''s members only, and composite foreign keys keep it equal to the org_id of every row it references';
COMMENT ON COLUMN agentgov.github_issues.project_id IS
    'Project whose repository holds the issue';
COMMENT ON COLUMN agentgov.github_issues.number IS
    'Issue number in the repository (> 0), unique per project';
COMMENT ON COLUMN agentgov.github_issues.title IS
    'Issue title as on GitHub';
COMMENT ON COLUMN agentgov.github_issues.body IS
    'Issue body as on GitHub';
COMMENT ON COLUMN agentgov.github_issues.state IS
    'GitHub state of the issue, open or closed (default open)';
COMMENT ON COLUMN agentgov.github_issues.labels IS
    'GitHub labels, a JSON array';
COMMENT ON COLUMN agentgov.github_issues.assignee IS
    'GitHub login of the assignee';
COMMENT ON COLUMN agentgov.github_issues.created_at IS
    'When the issue was recorded (default now(): the start of the inserting transaction)';
COMMENT ON COLUMN agentgov.github_issues.updated_at IS
    'When the issue was last changed; stamped by the touch_updated_at trigger on every UPDATE';
COMMENT ON COLUMN agentgov.github_issues.github_created_at IS
    'When the issue was opened on GitHub';
COMMENT ON COLUMN agentgov.github_issues.github_updated_at IS
    'When the issue last changed on GitHub';

-- pull_requests
COMMENT ON COLUMN agentgov.pull_requests.id IS
    'Row id (gen_random_uuid()). The primary key is (org_id, id) so that Citus can distribute the table by org_id; an index on id serves lookups by id alone';
COMMENT ON COLUMN agentgov.pull_requests.org_id IS
    'Organization (tenant) owning the pull request; row-level security shows the row to that organization''s members only, and composite foreign keys keep it equal to the org_id of every row it references';
COMMENT ON COLUMN agentgov.pull_requests.project_id IS
    'Project whose repository holds the pull request';
COMMENT ON COLUMN agentgov.pull_requests.github_id IS
    'GitHub''s own id of the pull request, unique per organization';
COMMENT ON COLUMN agentgov.pull_requests.number IS
    'Pull request number in the repository (> 0), unique per project';
COMMENT ON COLUMN agentgov.pull_requests.title IS
    'Pull request title as on GitHub';
COMMENT ON COLUMN agentgov.pull_requests.body IS
    'Pull request description as on GitHub';
COMMENT ON COLUMN agentgov.pull_requests.branch_from IS
    'Head branch (the changes)';
COMMENT ON COLUMN agentgov.pull_requests.branch_to IS
    'Base branch the changes are to be merged into';
COMMENT ON COLUMN agentgov.pull_requests.state IS
    'GitHub state: open, closed or merged (default open)';
COMMENT ON COLUMN agentgov.pull_requests.is_draft IS
    'Whether GitHub marks the pull request as a draft';
COMMENT ON COLUMN agentgov.pull_requests.review_status IS
    'Review state, e.g. pending, approved or changes_requested (github-agents)';
COMMENT ON COLUMN agentgov.pull_requests.test_status IS
    'State of the pull request''s checks, e.g. pending, passed or failed (github-agents)';
COMMENT ON COLUMN agentgov.pull_requests.conversation_id IS
    'Conversation about the pull request';
COMMENT ON COLUMN agentgov.pull_requests.created_by_agent_id IS
    'Agent that opened the pull request';
COMMENT ON COLUMN agentgov.pull_requests.created_at IS
    'When the pull request was recorded (default now(): the start of the inserting transaction)';
COMMENT ON COLUMN agentgov.pull_requests.updated_at IS
    'When the pull request was last changed; stamped by the touch_updated_at trigger on every UPDATE';
COMMENT ON COLUMN agentgov.pull_requests.merged_at IS
    'When the pull request was merged; NULL if it was not';
COMMENT ON COLUMN agentgov.pull_requests.github_created_at IS
    'When the pull request was opened on GitHub';

-- tasks
COMMENT ON COLUMN agentgov.tasks.id IS
    'Row id (gen_random_uuid()). The primary key is (org_id, id) so that Citus can distribute the table by org_id; an index on id serves lookups by id alone';
COMMENT ON COLUMN agentgov.tasks.org_id IS
    'Organization (tenant) owning the task; row-level security shows the row to that organization''s members only, and composite foreign keys keep it equal to the org_id of every row it references';
COMMENT ON COLUMN agentgov.tasks.project_id IS
    'Project the task belongs to';
COMMENT ON COLUMN agentgov.tasks.issue_id IS
    'GitHub issue the task works on (github-agents)';
COMMENT ON COLUMN agentgov.tasks.pr_id IS
    'Pull request that delivers the task (github-agents)';
COMMENT ON COLUMN agentgov.tasks.title IS
    'Short title, 1 to 300 characters';
COMMENT ON COLUMN agentgov.tasks.description IS
    'What is to be done';
COMMENT ON COLUMN agentgov.tasks.status IS
    'Task state; the union of orchestrator ticket and subtask states and github-agents task states';
COMMENT ON COLUMN agentgov.tasks.definition_of_done IS
    'When the task counts as done (github-agents)';
COMMENT ON COLUMN agentgov.tasks.created_at IS
    'When the task was recorded (default now(): the start of the inserting transaction)';
COMMENT ON COLUMN agentgov.tasks.started_at IS
    'When work on the task started';
COMMENT ON COLUMN agentgov.tasks.completed_at IS
    'When the task was completed';
COMMENT ON COLUMN agentgov.tasks.updated_at IS
    'When the task was last changed; stamped by the touch_updated_at trigger on every UPDATE';

-- job_queue
COMMENT ON COLUMN agentgov.job_queue.id IS
    'Row id (gen_random_uuid()). The primary key is (org_id, id) so that Citus can distribute the table by org_id; an index on id serves lookups by id alone';
COMMENT ON COLUMN agentgov.job_queue.org_id IS
    'Organization (tenant) owning the job; row-level security shows the row to that organization''s members only, and composite foreign keys keep it equal to the org_id of every row it references';
COMMENT ON COLUMN agentgov.job_queue.payload IS
    'Input of the job, as JSON';
COMMENT ON COLUMN agentgov.job_queue.status IS
    'pending, running, done, failed or cancelled';
COMMENT ON COLUMN agentgov.job_queue.priority IS
    'Numeric priority, higher first (default 0)';
COMMENT ON COLUMN agentgov.job_queue.attempts IS
    'How many times a worker has started the job';
COMMENT ON COLUMN agentgov.job_queue.max_attempts IS
    'Attempts after which a failing job is not retried (default 3)';
COMMENT ON COLUMN agentgov.job_queue.scheduled_at IS
    'Earliest time a worker may start the job';
COMMENT ON COLUMN agentgov.job_queue.started_at IS
    'When the current or last attempt started';
COMMENT ON COLUMN agentgov.job_queue.completed_at IS
    'When the job finished';
COMMENT ON COLUMN agentgov.job_queue.error IS
    'Error of the last failed attempt';
COMMENT ON COLUMN agentgov.job_queue.result IS
    'Output of the job, as JSON';
COMMENT ON COLUMN agentgov.job_queue.created_at IS
    'When the job was recorded (default now(): the start of the inserting transaction)';

-- webhooks
COMMENT ON COLUMN agentgov.webhooks.id IS
    'Row id (gen_random_uuid()). The primary key is (org_id, id) so that Citus can distribute the table by org_id; an index on id serves lookups by id alone';
COMMENT ON COLUMN agentgov.webhooks.org_id IS
    'Organization (tenant) owning the webhook delivery; row-level security shows the row to that organization''s members only, and composite foreign keys keep it equal to the org_id of every row it references';
COMMENT ON COLUMN agentgov.webhooks.project_id IS
    'Project the delivery concerns';
COMMENT ON COLUMN agentgov.webhooks.source IS
    'Sender of the webhook, e.g. github';
COMMENT ON COLUMN agentgov.webhooks.event_type IS
    'Event name given by the sender, e.g. issues or pull_request';
COMMENT ON COLUMN agentgov.webhooks.payload IS
    'Body of the delivery, as JSON';
COMMENT ON COLUMN agentgov.webhooks.processed IS
    'Whether the delivery has been handled';
COMMENT ON COLUMN agentgov.webhooks.processed_at IS
    'When the delivery was handled';
COMMENT ON COLUMN agentgov.webhooks.error_message IS
    'Error of the last failed processing attempt';
COMMENT ON COLUMN agentgov.webhooks.retry_count IS
    'Failed processing attempts so far';
COMMENT ON COLUMN agentgov.webhooks.max_retries IS
    'Attempts after which processing is given up (default 5)';
COMMENT ON COLUMN agentgov.webhooks.created_at IS
    'When the delivery was received';

-- agent_memory
COMMENT ON COLUMN agentgov.agent_memory.id IS
    'Row id (gen_random_uuid()). The primary key is (org_id, id) so that Citus can distribute the table by org_id; an index on id serves lookups by id alone';
COMMENT ON COLUMN agentgov.agent_memory.org_id IS
    'Organization (tenant) owning the memory entry; row-level security shows the row to that organization''s members only, and composite foreign keys keep it equal to the org_id of every row it references';
COMMENT ON COLUMN agentgov.agent_memory.agent_id IS
    'Agent that remembers the entry (catalogue agent or one of the organization''s)';
COMMENT ON COLUMN agentgov.agent_memory.project_id IS
    'Project the memory is about; NULL for memory across projects';
COMMENT ON COLUMN agentgov.agent_memory.category IS
    'Kind of memory, e.g. preference, fact or decision (github-agents)';
COMMENT ON COLUMN agentgov.agent_memory.key IS
    'Name of the entry; unique per agent, project and category';
COMMENT ON COLUMN agentgov.agent_memory.value IS
    'The remembered value, as JSON';
COMMENT ON COLUMN agentgov.agent_memory.created_at IS
    'When the memory entry was recorded (default now(): the start of the inserting transaction)';
COMMENT ON COLUMN agentgov.agent_memory.updated_at IS
    'When the memory entry was last changed; stamped by the touch_updated_at trigger on every UPDATE';

-- knowledge_base_documents
COMMENT ON COLUMN agentgov.knowledge_base_documents.id IS
    'Row id (gen_random_uuid()). The primary key is (org_id, id) so that Citus can distribute the table by org_id; an index on id serves lookups by id alone';
COMMENT ON COLUMN agentgov.knowledge_base_documents.org_id IS
    'Organization (tenant) owning the document; row-level security shows the row to that organization''s members only, and composite foreign keys keep it equal to the org_id of every row it references';
COMMENT ON COLUMN agentgov.knowledge_base_documents.project_id IS
    'Project the document was uploaded to';
COMMENT ON COLUMN agentgov.knowledge_base_documents.filename IS
    'Name of the uploaded file';
COMMENT ON COLUMN agentgov.knowledge_base_documents.file_size IS
    'Size of the uploaded file in bytes';
COMMENT ON COLUMN agentgov.knowledge_base_documents.content_type IS
    'MIME type of the uploaded file, e.g. text/markdown';
COMMENT ON COLUMN agentgov.knowledge_base_documents.content IS
    'Extracted text of the document';
COMMENT ON COLUMN agentgov.knowledge_base_documents.uploaded_at IS
    'When the document was uploaded';

-- user_behavior_patterns
COMMENT ON COLUMN agentgov.user_behavior_patterns.id IS
    'Row id (gen_random_uuid()); PRIMARY KEY (id): a per-user table, visible to its user only';
COMMENT ON COLUMN agentgov.user_behavior_patterns.user_id IS
    'User whose behaviour the pattern describes';
COMMENT ON COLUMN agentgov.user_behavior_patterns.pattern_data IS
    'The learned pattern, as JSON';
COMMENT ON COLUMN agentgov.user_behavior_patterns.learned_at IS
    'When the pattern was first learned';
COMMENT ON COLUMN agentgov.user_behavior_patterns.updated_at IS
    'When the pattern was last changed; stamped by the touch_updated_at trigger on every UPDATE';

-- question_effectiveness
COMMENT ON COLUMN agentgov.question_effectiveness.id IS
    'Row id (gen_random_uuid()); PRIMARY KEY (id): a per-user table, visible to its user only';
COMMENT ON COLUMN agentgov.question_effectiveness.user_id IS
    'User the statistics are about';
COMMENT ON COLUMN agentgov.question_effectiveness.question_template_id IS
    'Question template measured; one row per user and template';
COMMENT ON COLUMN agentgov.question_effectiveness.times_asked IS
    'How often the template was asked of the user';
COMMENT ON COLUMN agentgov.question_effectiveness.times_answered_well IS
    'How many of those answers were good (at most times_asked)';
COMMENT ON COLUMN agentgov.question_effectiveness.average_answer_length IS
    'Mean length of the user''s answers, in characters';
COMMENT ON COLUMN agentgov.question_effectiveness.average_spec_extraction_count IS
    'Mean number of specifications extracted from one answer';
COMMENT ON COLUMN agentgov.question_effectiveness.last_asked_at IS
    'When the template was last asked of the user';
COMMENT ON COLUMN agentgov.question_effectiveness.updated_at IS
    'When the statistic was last changed; stamped by the touch_updated_at trigger on every UPDATE';

-- artifacts
COMMENT ON COLUMN agentgov.artifacts.id IS
    'Row id (gen_random_uuid()). The primary key is (org_id, id) so that Citus can distribute the table by org_id; an index on id serves lookups by id alone';
COMMENT ON COLUMN agentgov.artifacts.org_id IS
    'Organization (tenant) owning the artifact; row-level security shows the row to that organization''s members only, and composite foreign keys keep it equal to the org_id of every row it references';
COMMENT ON COLUMN agentgov.artifacts.project_id IS
    'Project the artifact belongs to; with type it names the version series';
COMMENT ON COLUMN agentgov.artifacts.type IS
    'Kind of artifact (PRD, ARCHITECTURE, ...); with project_id it names the version series. A draft may change type and is renumbered in the new series';
COMMENT ON COLUMN agentgov.artifacts.status IS
    'Lifecycle DRAFT -> REVIEW -> APPROVED -> DEPLOYED (and REVIEW -> DRAFT), enforced by artifact_before_write (AG004); inserted as DRAFT';
COMMENT ON COLUMN agentgov.artifacts.created_by IS
    'Author of the artifact; may not approve it (four-eyes rule). Frozen once the artifact leaves DRAFT';
COMMENT ON COLUMN agentgov.artifacts.created_at IS
    'When the artifact was recorded (default now(): the start of the inserting transaction)';
COMMENT ON COLUMN agentgov.artifacts.approved_at IS
    'Stamped when the artifact enters APPROVED; cannot be set by hand';
COMMENT ON COLUMN agentgov.artifacts.deployed_at IS
    'Stamped when the artifact enters DEPLOYED; cannot be set by hand';

-- artifact_tags
COMMENT ON COLUMN agentgov.artifact_tags.id IS
    'Row id (gen_random_uuid()). The primary key is (org_id, id) so that Citus can distribute the table by org_id; an index on id serves lookups by id alone';
COMMENT ON COLUMN agentgov.artifact_tags.org_id IS
    'Organization (tenant) owning the tag; row-level security shows the row to that organization''s members only, and composite foreign keys keep it equal to the org_id of every row it references';
COMMENT ON COLUMN agentgov.artifact_tags.artifact_id IS
    'Artifact the tag is attached to';
COMMENT ON COLUMN agentgov.artifact_tags.tag_name IS
    'Free-form tag, e.g. mvp; an artifact carries each tag once';
COMMENT ON COLUMN agentgov.artifact_tags.created_at IS
    'When the tag was recorded (default now(): the start of the inserting transaction)';

-- evidence
COMMENT ON COLUMN agentgov.evidence.id IS
    'Row id (gen_random_uuid()). The primary key is (org_id, id) so that Citus can distribute the table by org_id; an index on id serves lookups by id alone';
COMMENT ON COLUMN agentgov.evidence.org_id IS
    'Organization (tenant) owning the evidence; row-level security shows the row to that organization''s members only, and composite foreign keys keep it equal to the org_id of every row it references';
COMMENT ON COLUMN agentgov.evidence.project_id IS
    'Project the evidence supports';
COMMENT ON COLUMN agentgov.evidence.artifact_id IS
    'Artifact the evidence supports';
COMMENT ON COLUMN agentgov.evidence.evidence_tier IS
    'Strength of the evidence, E0 (assumption) to E4 (production telemetry)';
COMMENT ON COLUMN agentgov.evidence.source IS
    'Where the evidence comes from: interview, survey, market_research, telemetry or analyst_report';
COMMENT ON COLUMN agentgov.evidence.url_or_reference IS
    'Link to, or citation of, the evidence';
COMMENT ON COLUMN agentgov.evidence.created_by IS
    'User who recorded the evidence';
COMMENT ON COLUMN agentgov.evidence.reviewed_by IS
    'User who reviewed the evidence';
COMMENT ON COLUMN agentgov.evidence.created_at IS
    'When the evidence was recorded (default now(): the start of the inserting transaction)';
COMMENT ON COLUMN agentgov.evidence.reviewed_at IS
    'When the evidence was reviewed';

-- generated_projects
COMMENT ON COLUMN agentgov.generated_projects.id IS
    'Row id (gen_random_uuid()). The primary key is (org_id, id) so that Citus can distribute the table by org_id; an index on id serves lookups by id alone';
COMMENT ON COLUMN agentgov.generated_projects.org_id IS
    'Organization (tenant) owning the generation; row-level security shows the row to that organization''s members only, and composite foreign keys keep it equal to the org_id of every row it references';
COMMENT ON COLUMN agentgov.generated_projects.project_id IS
    'Project whose specifications the code was generated from; with generation_version it numbers the generations';
COMMENT ON COLUMN agentgov.generated_projects.total_files IS
    'Number of files generated';
COMMENT ON COLUMN agentgov.generated_projects.total_lines IS
    'Number of lines generated';
COMMENT ON COLUMN agentgov.generated_projects.test_coverage IS
    'Test coverage of the generated code in percent (0 to 100)';
COMMENT ON COLUMN agentgov.generated_projects.quality_score IS
    'Quality score of the generated code (0 to 100)';
COMMENT ON COLUMN agentgov.generated_projects.download_url IS
    'Where the generated project can be downloaded';
COMMENT ON COLUMN agentgov.generated_projects.generation_started_at IS
    'When generation started';
COMMENT ON COLUMN agentgov.generated_projects.generation_completed_at IS
    'When generation finished';
COMMENT ON COLUMN agentgov.generated_projects.generation_status IS
    'pending, in_progress, completed or failed';
COMMENT ON COLUMN agentgov.generated_projects.error_message IS
    'Why generation failed';

-- generated_files
COMMENT ON COLUMN agentgov.generated_files.id IS
    'Row id (gen_random_uuid()). The primary key is (org_id, id) so that Citus can distribute the table by org_id; an index on id serves lookups by id alone';
COMMENT ON COLUMN agentgov.generated_files.org_id IS
    'Organization (tenant) owning the file; row-level security shows the row to that organization''s members only, and composite foreign keys keep it equal to the org_id of every row it references';
COMMENT ON COLUMN agentgov.generated_files.generated_project_id IS
    'Generation the file belongs to';
COMMENT ON COLUMN agentgov.generated_files.file_path IS
    'Path of the file inside the generated project; unique per generation';
COMMENT ON COLUMN agentgov.generated_files.file_content IS
    'Contents of the file';
COMMENT ON COLUMN agentgov.generated_files.file_size IS
    'Size of the file in bytes';
COMMENT ON COLUMN agentgov.generated_files.created_at IS
    'When the file was recorded (default now(): the start of the inserting transaction)';

-- gate_policies
COMMENT ON COLUMN agentgov.gate_policies.id IS
    'Policy id (gen_random_uuid()); PRIMARY KEY (id) because the default policies have no organization';
COMMENT ON COLUMN agentgov.gate_policies.phase IS
    'Gate the policy sets the threshold of; one policy per organization (or default) and gate';
COMMENT ON COLUMN agentgov.gate_policies.created_at IS
    'When the policy was recorded (default now(): the start of the inserting transaction)';
COMMENT ON COLUMN agentgov.gate_policies.updated_at IS
    'When the policy was last changed; stamped by the touch_updated_at trigger on every UPDATE';

-- phase_gate_decisions
COMMENT ON COLUMN agentgov.phase_gate_decisions.id IS
    'Row id (gen_random_uuid()). The primary key is (org_id, id) so that Citus can distribute the table by org_id; an index on id serves lookups by id alone';
COMMENT ON COLUMN agentgov.phase_gate_decisions.org_id IS
    'Organization (tenant) owning the decision; row-level security shows the row to that organization''s members only, and composite foreign keys keep it equal to the org_id of every row it references';
COMMENT ON COLUMN agentgov.phase_gate_decisions.project_id IS
    'Project whose gate was decided; the decision moves its phase and status';
COMMENT ON COLUMN agentgov.phase_gate_decisions.artifact_id IS
    'Artifact the decision was made on, if any';
COMMENT ON COLUMN agentgov.phase_gate_decisions.phase IS
    'Gate decided (VRC, VCD, DSP, MDP); must be the gate that ends the project''s current phase (AG004)';
COMMENT ON COLUMN agentgov.phase_gate_decisions.decided_by IS
    'MEMBER or ADMIN of the organization who made the decision (42501 otherwise)';
COMMENT ON COLUMN agentgov.phase_gate_decisions.rationale IS
    'Why the gate was decided this way, up to 2000 characters';
COMMENT ON COLUMN agentgov.phase_gate_decisions.override_reason IS
    'Why an ADMIN overrode the decision; set together with override_by and override_at';
COMMENT ON COLUMN agentgov.phase_gate_decisions.created_at IS
    'When the decision was recorded (default now(): the start of the inserting transaction)';
COMMENT ON COLUMN agentgov.phase_gate_decisions.decided_at IS
    'When the decision was made (default now())';

-- quality_metrics
COMMENT ON COLUMN agentgov.quality_metrics.id IS
    'Row id (gen_random_uuid()). The primary key is (org_id, id) so that Citus can distribute the table by org_id; an index on id serves lookups by id alone';
COMMENT ON COLUMN agentgov.quality_metrics.org_id IS
    'Organization (tenant) owning the metric; row-level security shows the row to that organization''s members only, and composite foreign keys keep it equal to the org_id of every row it references';
COMMENT ON COLUMN agentgov.quality_metrics.project_id IS
    'Project measured';
COMMENT ON COLUMN agentgov.quality_metrics.metric_value IS
    'Measured value of metric_type; passed follows metric_value >= threshold';
COMMENT ON COLUMN agentgov.quality_metrics.threshold IS
    'Value the metric must reach; passed follows metric_value >= threshold';
COMMENT ON COLUMN agentgov.quality_metrics.details IS
    'Details of the measurement, as JSON';
COMMENT ON COLUMN agentgov.quality_metrics.calculated_at IS
    'When the metric was measured';

-- maturity_tracking
COMMENT ON COLUMN agentgov.maturity_tracking.id IS
    'Row id (gen_random_uuid()). The primary key is (org_id, id) so that Citus can distribute the table by org_id; an index on id serves lookups by id alone';
COMMENT ON COLUMN agentgov.maturity_tracking.org_id IS
    'Organization (tenant) owning the score; row-level security shows the row to that organization''s members only, and composite foreign keys keep it equal to the org_id of every row it references';
COMMENT ON COLUMN agentgov.maturity_tracking.project_id IS
    'Project scored; its maturity_score follows the latest score of each category';
COMMENT ON COLUMN agentgov.maturity_tracking.score IS
    'Maturity of the category, 0 to 100';
COMMENT ON COLUMN agentgov.maturity_tracking.details IS
    'What the score is based on, as JSON';
COMMENT ON COLUMN agentgov.maturity_tracking.calculated_at IS
    'When the score was calculated; the latest per category counts (ties go to the higher score)';

-- test_results
COMMENT ON COLUMN agentgov.test_results.id IS
    'Row id (gen_random_uuid()). The primary key is (org_id, id) so that Citus can distribute the table by org_id; an index on id serves lookups by id alone';
COMMENT ON COLUMN agentgov.test_results.org_id IS
    'Organization (tenant) owning the test run; row-level security shows the row to that organization''s members only, and composite foreign keys keep it equal to the org_id of every row it references';
COMMENT ON COLUMN agentgov.test_results.project_id IS
    'Project tested';
COMMENT ON COLUMN agentgov.test_results.test_status IS
    'pending, running, passed or failed';
COMMENT ON COLUMN agentgov.test_results.results IS
    'Detailed results, as JSON';
COMMENT ON COLUMN agentgov.test_results.error_message IS
    'Why the test run failed';
COMMENT ON COLUMN agentgov.test_results.started_at IS
    'When the test run started';
COMMENT ON COLUMN agentgov.test_results.completed_at IS
    'When the test run finished; never before started_at';

-- telemetry
COMMENT ON COLUMN agentgov.telemetry.id IS
    'Row id (gen_random_uuid()). The primary key is (org_id, id) so that Citus can distribute the table by org_id; an index on id serves lookups by id alone';
COMMENT ON COLUMN agentgov.telemetry.org_id IS
    'Organization (tenant) owning the observation; row-level security shows the row to that organization''s members only, and composite foreign keys keep it equal to the org_id of every row it references';
COMMENT ON COLUMN agentgov.telemetry.project_id IS
    'Project observed';
COMMENT ON COLUMN agentgov.telemetry.metric_name IS
    'Metric observed; detect_divergences() compares the latest observation of each metric with the assumptions of approved artifacts';
COMMENT ON COLUMN agentgov.telemetry.metric_value IS
    'Observed value, in unit; detect_divergences() compares it with the assumed value of approved artifacts';
COMMENT ON COLUMN agentgov.telemetry.created_at IS
    'When the observation was recorded (default now(): the start of the inserting transaction)';

-- divergence_reports
COMMENT ON COLUMN agentgov.divergence_reports.id IS
    'Row id (gen_random_uuid()). The primary key is (org_id, id) so that Citus can distribute the table by org_id; an index on id serves lookups by id alone';
COMMENT ON COLUMN agentgov.divergence_reports.org_id IS
    'Organization (tenant) owning the report; row-level security shows the row to that organization''s members only, and composite foreign keys keep it equal to the org_id of every row it references';
COMMENT ON COLUMN agentgov.divergence_reports.project_id IS
    'Project whose assumption diverged';
COMMENT ON COLUMN agentgov.divergence_reports.artifact_id IS
    'Artifact whose assumption diverged';
COMMENT ON COLUMN agentgov.divergence_reports.divergence_type IS
    'What kind of assumption missed: PERSONA_MISMATCH, FEATURE_ADOPTION_MISS, PRICING_ELASTICITY_MISS or LATENCY_MISS';
COMMENT ON COLUMN agentgov.divergence_reports.assumption_evidence_tier IS
    'Evidence tier of the assumption (its own, else its artifact''s); tier_delta measures how much stronger the telemetry is';
COMMENT ON COLUMN agentgov.divergence_reports.telemetry_evidence_tier IS
    'Evidence tier of the observation (at most the setting agentgov.telemetry_evidence_tier when filed by detect_divergences())';
COMMENT ON COLUMN agentgov.divergence_reports.detected_at IS
    'When the divergence was detected';
COMMENT ON COLUMN agentgov.divergence_reports.created_at IS
    'When the report was recorded (default now(): the start of the inserting transaction)';

-- cascade_analyses
COMMENT ON COLUMN agentgov.cascade_analyses.id IS
    'Row id (gen_random_uuid()). The primary key is (org_id, id) so that Citus can distribute the table by org_id; an index on id serves lookups by id alone';
COMMENT ON COLUMN agentgov.cascade_analyses.org_id IS
    'Organization (tenant) owning the analysis; row-level security shows the row to that organization''s members only, and composite foreign keys keep it equal to the org_id of every row it references';
COMMENT ON COLUMN agentgov.cascade_analyses.divergence_id IS
    'Divergence report analysed; one analysis per report, rewritten by analyze_cascade()';
COMMENT ON COLUMN agentgov.cascade_analyses.recommendation IS
    'What to do: SKIP for a COSMETIC divergence, REEXECUTE for MINOR, FULL_REDESIGN for MAJOR';
COMMENT ON COLUMN agentgov.cascade_analyses.created_at IS
    'When the analysis was recorded (default now(): the start of the inserting transaction)';
COMMENT ON COLUMN agentgov.cascade_analyses.updated_at IS
    'When the analysis was last changed; stamped by the touch_updated_at trigger on every UPDATE';

-- artifact_version_counters
COMMENT ON COLUMN agentgov.artifact_version_counters.org_id IS
    'Organization of the series (internal bookkeeping: members read it, only agentgov''s triggers write it)';
COMMENT ON COLUMN agentgov.artifact_version_counters.project_id IS
    'Project of the artifact series';
COMMENT ON COLUMN agentgov.artifact_version_counters.type IS
    'Artifact type of the series';

-- generation_version_counters
COMMENT ON COLUMN agentgov.generation_version_counters.org_id IS
    'Organization of the project (internal bookkeeping: members read it, only agentgov''s triggers write it)';
COMMENT ON COLUMN agentgov.generation_version_counters.project_id IS
    'Project whose generations are numbered';

-- agent_runs
COMMENT ON COLUMN agentgov.agent_runs.id IS
    'Row id (gen_random_uuid()). The primary key is (org_id, id) so that Citus can distribute the table by org_id; an index on id serves lookups by id alone';
COMMENT ON COLUMN agentgov.agent_runs.org_id IS
    'Organization (tenant) owning the run; row-level security shows the row to that organization''s members only, and composite foreign keys keep it equal to the org_id of every row it references';
COMMENT ON COLUMN agentgov.agent_runs.project_id IS
    'Project the run works on; NULL for a run outside any project';
COMMENT ON COLUMN agentgov.agent_runs.user_id IS
    'User who started the run';
COMMENT ON COLUMN agentgov.agent_runs.idea_id IS
    'Idea the run refines (orchestrator)';
COMMENT ON COLUMN agentgov.agent_runs.phase IS
    'Project phase the run belongs to (platform)';
COMMENT ON COLUMN agentgov.agent_runs.error_details IS
    'Structured error information, as JSON (assistant error_details)';
COMMENT ON COLUMN agentgov.agent_runs.tokens_in IS
    'Input tokens of the run: the sum over its usage_events, kept by the usage trigger';
COMMENT ON COLUMN agentgov.agent_runs.tokens_out IS
    'Output tokens of the run: the sum over its usage_events, kept by the usage trigger';
COMMENT ON COLUMN agentgov.agent_runs.max_retries IS
    'Retries allowed: a failed run may go back to queued while retry_count < max_retries (default 3)';
COMMENT ON COLUMN agentgov.agent_runs.created_at IS
    'When the run was recorded (default now(): the start of the inserting transaction)';
COMMENT ON COLUMN agentgov.agent_runs.updated_at IS
    'When the run was last changed; stamped by the touch_updated_at trigger on every UPDATE';

-- run_logs
COMMENT ON COLUMN agentgov.run_logs.id IS
    'Row id (gen_random_uuid()). The primary key is (org_id, id) so that Citus can distribute the table by org_id; an index on id serves lookups by id alone';
COMMENT ON COLUMN agentgov.run_logs.org_id IS
    'Organization (tenant) owning the log entry; row-level security shows the row to that organization''s members only, and composite foreign keys keep it equal to the org_id of every row it references';
COMMENT ON COLUMN agentgov.run_logs.run_id IS
    'Run the entry belongs to, in the same organization';
COMMENT ON COLUMN agentgov.run_logs.level IS
    'Severity: debug, info, warn or error';
COMMENT ON COLUMN agentgov.run_logs.message IS
    'Text of the log line or interaction';
COMMENT ON COLUMN agentgov.run_logs.created_at IS
    'When the log entry was recorded (default now(): the start of the inserting transaction)';

-- persona_activations
COMMENT ON COLUMN agentgov.persona_activations.id IS
    'Row id (gen_random_uuid()). The primary key is (org_id, id) so that Citus can distribute the table by org_id; an index on id serves lookups by id alone';
COMMENT ON COLUMN agentgov.persona_activations.org_id IS
    'Organization (tenant) owning the activation; row-level security shows the row to that organization''s members only, and composite foreign keys keep it equal to the org_id of every row it references';
COMMENT ON COLUMN agentgov.persona_activations.run_id IS
    'Run in which the persona was activated';
COMMENT ON COLUMN agentgov.persona_activations.persona_id IS
    'Persona activated (personas.id, e.g. sarah_chen)';
COMMENT ON COLUMN agentgov.persona_activations.activation_context IS
    'Context of the activation, as JSON';
COMMENT ON COLUMN agentgov.persona_activations.activated_at IS
    'When the persona was activated';
COMMENT ON COLUMN agentgov.persona_activations.deactivated_at IS
    'When the persona was deactivated; NULL while active, never before activated_at';
COMMENT ON COLUMN agentgov.persona_activations.results IS
    'What the persona contributed, as JSON';

-- governance_events
COMMENT ON COLUMN agentgov.governance_events.id IS
    'Row id (gen_random_uuid()). The primary key is (org_id, id) so that Citus can distribute the table by org_id; an index on id serves lookups by id alone';
COMMENT ON COLUMN agentgov.governance_events.org_id IS
    'Organization (tenant) owning the event; row-level security shows the row to that organization''s members only, and composite foreign keys keep it equal to the org_id of every row it references';
COMMENT ON COLUMN agentgov.governance_events.run_id IS
    'Run the decision is about; approvals and withdrawals of its running transition are read from these events';
COMMENT ON COLUMN agentgov.governance_events.event_type IS
    'Kind of decision: pre_agent_spawn or consensus_check approve a start; an approved emergency_stop cancels the run; circuit_breaker is written by agentgov when usage passes max_cost_limit';
COMMENT ON COLUMN agentgov.governance_events.validation_context IS
    'What was validated, as JSON (assistant validation_context)';
COMMENT ON COLUMN agentgov.governance_events.decision_details IS
    'Details of the decision, as JSON; the circuit breaker records cost, limit and previous status here';
COMMENT ON COLUMN agentgov.governance_events.decision_reason IS
    'Why the decision was made (the reason argument of record_governance_event())';

-- validation_results
COMMENT ON COLUMN agentgov.validation_results.id IS
    'Row id (gen_random_uuid()). The primary key is (org_id, id) so that Citus can distribute the table by org_id; an index on id serves lookups by id alone';
COMMENT ON COLUMN agentgov.validation_results.org_id IS
    'Organization (tenant) owning the result; row-level security shows the row to that organization''s members only, and composite foreign keys keep it equal to the org_id of every row it references';
COMMENT ON COLUMN agentgov.validation_results.event_id IS
    'Governance event the result belongs to; a consensus_check approves when a strict majority of its results passed';
COMMENT ON COLUMN agentgov.validation_results.passed IS
    'Whether the validator passed the run';
COMMENT ON COLUMN agentgov.validation_results.details IS
    'Details of the validation, as JSON';
COMMENT ON COLUMN agentgov.validation_results.created_at IS
    'When the result was recorded (default now(): the start of the inserting transaction)';

-- model_prices
COMMENT ON COLUMN agentgov.model_prices.id IS
    'Row id (gen_random_uuid()); PRIMARY KEY (id): a global catalogue, written by the owner only (a reference table on Citus); usage_events.price_id references it';
COMMENT ON COLUMN agentgov.model_prices.provider IS
    'Provider of the model, e.g. anthropic or openai; usage events without a provider are priced only if a single provider prices the model';
COMMENT ON COLUMN agentgov.model_prices.model IS
    'Model name as usage_events give it';
COMMENT ON COLUMN agentgov.model_prices.created_at IS
    'When the price was recorded (default now(): the start of the inserting transaction)';
COMMENT ON COLUMN agentgov.model_prices.updated_at IS
    'When the price was last changed; stamped by the touch_updated_at trigger on every UPDATE';

-- usage_events
COMMENT ON COLUMN agentgov.usage_events.id IS
    'Event id (gen_random_uuid()); primary key (org_id, id). usage_events is append-only (AG005): purge_usage_events() is the only way to delete';
COMMENT ON COLUMN agentgov.usage_events.org_id IS
    'Organization billed for the call; row-level security shows the event to its members only';
COMMENT ON COLUMN agentgov.usage_events.user_id IS
    'User on whose behalf the call was made';
COMMENT ON COLUMN agentgov.usage_events.project_id IS
    'Project the call was for; a key of usage_rollups';
COMMENT ON COLUMN agentgov.usage_events.agent_id IS
    'Agent that made the call; a key of usage_rollups';
COMMENT ON COLUMN agentgov.usage_events.run_id IS
    'Run that made the call; its tokens and cost_usd totals follow, and the circuit breaker blocks it past max_cost_limit';
COMMENT ON COLUMN agentgov.usage_events.conversation_id IS
    'Conversation the call belongs to';
COMMENT ON COLUMN agentgov.usage_events.message_id IS
    'Message the call produced';
COMMENT ON COLUMN agentgov.usage_events.task_id IS
    'Task the call worked on; its totals follow';
COMMENT ON COLUMN agentgov.usage_events.provider IS
    'Provider called, e.g. anthropic; selects the model_prices row';
COMMENT ON COLUMN agentgov.usage_events.model IS
    'Model called; a key of usage_rollups and, with provider, selects the price';
COMMENT ON COLUMN agentgov.usage_events.tokens_out IS
    'Output (completion) tokens of the call';
COMMENT ON COLUMN agentgov.usage_events.metadata IS
    'Other data of the call, as JSON';

-- usage_rollups
COMMENT ON COLUMN agentgov.usage_rollups.id IS
    'Row id (gen_random_uuid()). The primary key is (org_id, id) so that Citus can distribute the table by org_id; an index on id serves lookups by id alone';
COMMENT ON COLUMN agentgov.usage_rollups.org_id IS
    'Organization of the bucket (internal bookkeeping: members read it, only agentgov''s triggers write it)';
COMMENT ON COLUMN agentgov.usage_rollups.project_id IS
    'Project of the bucket (NULL: events without a project)';
COMMENT ON COLUMN agentgov.usage_rollups.agent_id IS
    'Agent of the bucket (NULL: events without an agent)';
COMMENT ON COLUMN agentgov.usage_rollups.model IS
    'Model of the bucket; one bucket per organization, UTC day, project, agent and model';
COMMENT ON COLUMN agentgov.usage_rollups.tokens_in IS
    'Sum of the bucket''s events'' tokens_in';
COMMENT ON COLUMN agentgov.usage_rollups.tokens_out IS
    'Sum of the bucket''s events'' tokens_out';
COMMENT ON COLUMN agentgov.usage_rollups.cost_usd IS
    'Sum of the bucket''s events'' cost_usd (unpriced events count 0 here and in unpriced_events)';
COMMENT ON COLUMN agentgov.usage_rollups.updated_at IS
    'When the bucket last changed';

-- budget_limits
COMMENT ON COLUMN agentgov.budget_limits.id IS
    'Row id (gen_random_uuid()). The primary key is (org_id, id) so that Citus can distribute the table by org_id; an index on id serves lookups by id alone';
COMMENT ON COLUMN agentgov.budget_limits.org_id IS
    'Organization whose usage the budget limits; only its ADMINs may write the row';
COMMENT ON COLUMN agentgov.budget_limits.name IS
    'Name of the budget, shown in refusals and notifications';
COMMENT ON COLUMN agentgov.budget_limits.scope_type IS
    'What the budget covers: global (all of the organization''s usage), project or agent (scope_id names it), agent_type (scope_agent_type names it)';
COMMENT ON COLUMN agentgov.budget_limits.amount_usd IS
    'Spend allowed per period, in USD (> 0)';
COMMENT ON COLUMN agentgov.budget_limits.is_active IS
    'Inactive budgets send no alerts and block no run start';
COMMENT ON COLUMN agentgov.budget_limits.created_at IS
    'When the budget was recorded (default now(): the start of the inserting transaction)';
COMMENT ON COLUMN agentgov.budget_limits.updated_at IS
    'When the budget was last changed; stamped by the touch_updated_at trigger on every UPDATE';

-- notifications
COMMENT ON COLUMN agentgov.notifications.id IS
    'Row id (gen_random_uuid()). The primary key is (org_id, id) so that Citus can distribute the table by org_id; an index on id serves lookups by id alone';
COMMENT ON COLUMN agentgov.notifications.org_id IS
    'Organization (tenant) owning the notification; row-level security shows the row to that organization''s members only, and composite foreign keys keep it equal to the org_id of every row it references';
COMMENT ON COLUMN agentgov.notifications.user_id IS
    'User who receives the notification; budget alerts go to every active ADMIN of the organization';
COMMENT ON COLUMN agentgov.notifications.title IS
    'Short title, up to 200 characters';
COMMENT ON COLUMN agentgov.notifications.message IS
    'Text of the notification';
COMMENT ON COLUMN agentgov.notifications.severity IS
    'info, warning or critical; budget alerts are warning (alert_threshold reached) and critical (amount exceeded)';
COMMENT ON COLUMN agentgov.notifications.project_id IS
    'Project the notification is about';
COMMENT ON COLUMN agentgov.notifications.agent_id IS
    'Agent the notification is about';
COMMENT ON COLUMN agentgov.notifications.is_read IS
    'Whether the recipient has read it';
COMMENT ON COLUMN agentgov.notifications.sent_telegram IS
    'Whether it was also sent by Telegram';
COMMENT ON COLUMN agentgov.notifications.sent_email IS
    'Whether it was also sent by email';
COMMENT ON COLUMN agentgov.notifications.created_at IS
    'When the notification was recorded (default now(): the start of the inserting transaction)';

-- audit_log
COMMENT ON COLUMN agentgov.audit_log.id IS
    'Audit row id, a bigint identity (PRIMARY KEY (id)); rows are chained per organization in commit order, not id order';
COMMENT ON COLUMN agentgov.audit_log.rationale IS
    'Why the change was made, when the writer gave a reason (e.g. the rationale passed to artifact_transition())';
COMMENT ON COLUMN agentgov.audit_log.ip_address IS
    'Client address, when the application records it';
COMMENT ON COLUMN agentgov.audit_log.user_agent IS
    'Client user agent, when the application records it';
COMMENT ON COLUMN agentgov.audit_log.correlation_id IS
    'Request id (agentgov.correlation_id) the change was made under; filled by the audit_log_enlist trigger';
COMMENT ON COLUMN agentgov.audit_log.occurred_at IS
    'When the change was made (the transaction''s start time)';

-- usage_kind_rollups
COMMENT ON COLUMN agentgov.usage_kind_rollups.id IS
    'Row id (gen_random_uuid()). The primary key is (org_id, id) so that Citus can distribute the table by org_id; an index on id serves lookups by id alone';
COMMENT ON COLUMN agentgov.usage_kind_rollups.org_id IS
    'Organization of the bucket (internal bookkeeping: members read it, only agentgov''s triggers write it)';
COMMENT ON COLUMN agentgov.usage_kind_rollups.agent_kind IS
    'Agent type of the bucket (usage_events.agent_kind)';
COMMENT ON COLUMN agentgov.usage_kind_rollups.events IS
    'Number of usage events in the bucket';
COMMENT ON COLUMN agentgov.usage_kind_rollups.tokens_in IS
    'Sum of the bucket''s events'' tokens_in';
COMMENT ON COLUMN agentgov.usage_kind_rollups.tokens_out IS
    'Sum of the bucket''s events'' tokens_out';
COMMENT ON COLUMN agentgov.usage_kind_rollups.cost_usd IS
    'Sum of the bucket''s events'' cost_usd (unpriced events count 0 here and in unpriced_events)';
COMMENT ON COLUMN agentgov.usage_kind_rollups.updated_at IS
    'When the bucket last changed';

-- budget_periods
COMMENT ON COLUMN agentgov.budget_periods.id IS
    'Row id (gen_random_uuid()). The primary key is (org_id, id) so that Citus can distribute the table by org_id; an index on id serves lookups by id alone';
COMMENT ON COLUMN agentgov.budget_periods.org_id IS
    'Organization of the budget (internal bookkeeping: members read it, only agentgov''s triggers write it)';
COMMENT ON COLUMN agentgov.budget_periods.budget_id IS
    'Budget the period belongs to';
COMMENT ON COLUMN agentgov.budget_periods.period_start IS
    'First day (UTC) of the budget''s period; one row per budget and period';
COMMENT ON COLUMN agentgov.budget_periods.created_at IS
    'When agentgov''s budget check first needed the period and created the row';

-- enum types
COMMENT ON TYPE agentgov.conversation_type IS
    'What a conversation is about (github-agents conversations.type): issue, general, task or review';
COMMENT ON TYPE agentgov.conversation_mode IS
    'Chat mode of a socrates session: socratic (the assistant asks questions) or direct_chat';
COMMENT ON TYPE agentgov.conversation_status IS
    'State of a conversation: active, paused, completed or archived';
COMMENT ON TYPE agentgov.spec_source IS
    'How a specification was obtained: user_input (stated by the user), extracted (from a conversation) or inferred (by an agent)';
COMMENT ON TYPE agentgov.idea_source IS
    'Where an idea was submitted (orchestrator): web, api or cli';
COMMENT ON TYPE agentgov.idea_status IS
    'Refinement state of an idea (orchestrator): pending, refining, questions (waiting for answers), approved, rejected, converted (into tickets)';
COMMENT ON TYPE agentgov.question_status IS
    'State of a question: pending, answered (answer set) or skipped';
COMMENT ON TYPE agentgov.conflict_type IS
    'What two or more specifications conflict on (socrates): technology, requirement, timeline or resource';
COMMENT ON TYPE agentgov.conflict_severity IS
    'Severity of a specification conflict: low, medium, high, critical (db_health_check() counts open critical ones)';
COMMENT ON TYPE agentgov.conflict_status IS
    'State of a specification conflict: open, resolved or ignored';
COMMENT ON TYPE agentgov.task_type IS
    'Kind of ticket (orchestrator): feature, bugfix, refactor or chore';
COMMENT ON TYPE agentgov.task_priority IS
    'Priority class of a task (github-agents): low, medium, high, urgent';
COMMENT ON TYPE agentgov.job_status IS
    'State of a job in job_queue (orchestrator): pending, running, done, failed, cancelled';
COMMENT ON TYPE agentgov.log_level IS
    'Severity of a run log entry: debug, info, warn, error';
COMMENT ON TYPE agentgov.artifact_type IS
    'Kind of artifact a project produces (platform), from PROBLEM and PRD to CODE_BACKEND and DEPLOYMENT_PLAN; with the project it names a version series';
COMMENT ON TYPE agentgov.artifact_status IS
    'Artifact lifecycle DRAFT -> REVIEW -> APPROVED -> DEPLOYED (REVIEW -> DRAFT allowed); the order of the labels is the order artifact_latest() compares';
COMMENT ON TYPE agentgov.evidence_source IS
    'Where evidence comes from (platform): interview, survey, market_research, telemetry, analyst_report';
COMMENT ON TYPE agentgov.escalation_status IS
    'Review state of evidence (platform): NONE, IN_REVIEW, ESCALATED';
COMMENT ON TYPE agentgov.gate_decision IS
    'Outcome of a phase gate: PASS (score >= threshold), CONDITIONAL (score >= threshold - margin), FAIL (below, or an indicator below its floor)';
COMMENT ON TYPE agentgov.test_status IS
    'State of a test run of generated code (socrates): pending, running, passed, failed';
COMMENT ON TYPE agentgov.generation_status IS
    'State of a code generation (socrates): pending, in_progress, completed, failed';
COMMENT ON TYPE agentgov.metric_name IS
    'Production metrics telemetry records and artifact assumptions name (platform)';
COMMENT ON TYPE agentgov.divergence_type IS
    'Kind of assumption a divergence report says was missed (platform); LATENCY_MISS and FEATURE_ADOPTION_MISS have a favourable direction that counts as COSMETIC';
COMMENT ON TYPE agentgov.divergence_classification IS
    'How far telemetry diverges from an assumption: COSMETIC (below agentgov.divergence_minor_pct), MINOR (below agentgov.divergence_major_pct), MAJOR';
COMMENT ON TYPE agentgov.cascade_recommendation IS
    'What a divergence calls for: SKIP (COSMETIC), REEXECUTE (MINOR), FULL_REDESIGN (MAJOR)';
COMMENT ON TYPE agentgov.governance_event_type IS
    'Kind of governance decision about an agent run (assistant): pre_agent_spawn and consensus_check approve a start, emergency_stop cancels, circuit_breaker is recorded by agentgov when usage passes the run''s cost limit';
COMMENT ON TYPE agentgov.governance_framework IS
    'Framework a governance decision was made under (assistant): sarah_three_questions, alex_3am_test, consensus, emergency';
COMMENT ON TYPE agentgov.aggregation_period IS
    'Reporting and budget period: daily (UTC day), weekly (ISO week from Monday), monthly (calendar month)';
COMMENT ON TYPE agentgov.budget_scope IS
    'What a budget covers: global (all usage of its organization), project, agent, or agent_type (an agent kind)';
COMMENT ON TYPE agentgov.budget_action IS
    'What an exhausted budget does: warn (notifications only) or block (also refuses run starts, AG002)';
COMMENT ON TYPE agentgov.notification_severity IS
    'Severity of a notification: info, warning, critical';
