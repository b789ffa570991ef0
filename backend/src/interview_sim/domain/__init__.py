"""Pure interview logic: no aiohttp, socketio, tortoise or httpx imports."""
